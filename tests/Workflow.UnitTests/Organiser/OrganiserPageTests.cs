using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflow.Access;
using Workflow.Organiser;
using Workflow.Templates;

namespace Workflow.UnitTests.Organiser;

/// <summary>The organiser page's embedded files: every module the page imports is there, and nothing else is served.</summary>
public sealed partial class OrganiserPageTests
{
    private readonly OrganiserPage _page = new(new TemplateRenderer(), Options.Create(new AccessOptions()));

    [Fact]
    public void Every_module_the_shell_and_the_modules_import_is_served()
    {
        var missing = new List<string>();
        foreach (var file in _page.Files.Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f == "index.html"))
        {
            var text = Text(file == "index.html" ? _page.Shell(Request()) : _page.Asset(Request(), file));
            foreach (Match m in Imports().Matches(text))
            {
                var target = m.Groups["path"].Value.Replace("/api/organiser/", string.Empty, StringComparison.Ordinal).TrimStart('.', '/');
                if (!_page.Files.Contains(target))
                {
                    missing.Add($"{file} → {target}");
                }
            }
        }

        Assert.Empty(missing);
        Assert.Contains("app.js", _page.Files);
        Assert.Contains("app.css", _page.Files);
    }

    [Theory]
    [InlineData("nope.js")]
    [InlineData("index.html")]
    [InlineData("../appsettings.json")]
    [InlineData("APP.JS")]
    [InlineData("")]
    public void Anything_else_is_a_plain_404(string file)
    {
        var context = new DefaultHttpContext();
        var result = _page.Asset(context.Request, file);
        Assert.Equal(StatusCodes.Status404NotFound, Status(result, context));
    }

    [Theory]
    [InlineData(null, "Không có trang này.", "No such page")]
    [InlineData("en-GB,en;q=0.9", "No such page.", "Không")]
    public void The_404_page_is_in_the_reader_s_language(string? acceptLanguage, string says, string doesNotSay)
    {
        var context = new DefaultHttpContext();
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        var text = Text(_page.Asset(context.Request, "nope.js"));
        Assert.Contains(says, text, StringComparison.Ordinal);
        Assert.DoesNotContain(doesNotSay, text, StringComparison.Ordinal);
        Assert.DoesNotContain(" / ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void On_Azure_with_Easy_Auth_the_shell_sends_people_to_its_login_and_offers_no_key_form()
    {
        var shell = Text(Page(new AccessOptions { EasyAuthEnabled = true }).Shell(Request()));
        Assert.Contains(
            """<body data-sign-in="/.auth/login/aad?post_login_redirect_uri=/api/organiser" data-sign-out="/.auth/logout?post_logout_redirect_uri=/api/organiser" data-sign-out-method="GET" data-key-form="false">""",
            shell,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_development_sign_in_host_offers_its_sign_in_a_posted_sign_out_and_the_key_form()
    {
        var shell = Text(Page(new AccessOptions { DevSignIn = true, SignInUrl = "/api/dev/signin", SignOutUrl = "/api/dev/signout", SignOutMethod = "post" }).Shell(Request()));
        Assert.Contains("""<body data-sign-in="/api/dev/signin" data-sign-out="/api/dev/signout" data-sign-out-method="POST" data-key-form="true">""", shell, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_nobody_can_sign_in_the_shell_offers_neither_a_sign_in_nor_the_key_form()
    {
        var shell = Text(_page.Shell(Request()));
        Assert.Contains("""<body data-key-form="false">""", shell, StringComparison.Ordinal);
        Assert.DoesNotContain("data-sign-in", shell, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_address_is_an_attribute_value_never_markup()
    {
        var shell = Text(Page(new AccessOptions { EasyAuthEnabled = true, SignInUrl = "/x\"><script>alert(1)</script>" }).Shell(Request()));
        Assert.DoesNotContain("<script>alert", shell, StringComparison.Ordinal);
        Assert.Contains("data-sign-in=\"/x&quot;&gt;&lt;script&gt;", shell, StringComparison.Ordinal);
    }

    private static OrganiserPage Page(AccessOptions access) => new(new TemplateRenderer(), Options.Create(access));

    [Fact]
    public void No_module_writes_markup_from_strings()
    {
        // Text typed by people reaches the page only through textContent and attributes (dom.js).
        foreach (var file in _page.Files.Where(f => f.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = Text(_page.Asset(Request(), file));
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("outerHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("document.write", text, StringComparison.Ordinal);
            Assert.DoesNotContain("eval(", text, StringComparison.Ordinal);
        }
    }

    private static HttpRequest Request() => new DefaultHttpContext().Request;

    private static string Text(IResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        result.ExecuteAsync(context).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }

    private static int Status(IResult result, HttpContext context)
    {
        context.Response.Body = new MemoryStream();
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        result.ExecuteAsync(context).GetAwaiter().GetResult();
        return context.Response.StatusCode;
    }

    [GeneratedRegex("""(?:from\s+|import\s+|src=|href=)['"](?<path>(?:\./|/api/organiser/)[^'"]+)['"]""")]
    private static partial Regex Imports();
}
