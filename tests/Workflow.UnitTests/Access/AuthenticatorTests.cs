using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Workflow.Access;
using Workflow.Hosting;

namespace Workflow.UnitTests.Access;

/// <summary>
/// Issue 17: what a request says about its sender. App Service Authentication's principal header is read only where
/// Easy Auth is on, and then only when it is one (base64 JSON with a claims array, a few KiB at most); a key beats it;
/// anything unreadable is a 401 (<see cref="Credential.Invalid"/>), never an exception.
/// </summary>
public sealed class AuthenticatorTests
{
    private const string NameType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";

    private static string Principal(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static string Claims(params (string Type, string Value)[] claims) =>
        new JsonArray(claims.Select(c => (JsonNode?)new JsonObject { ["typ"] = c.Type, ["val"] = c.Value }).ToArray()).ToJsonString();

    [Fact]
    public void The_sign_in_is_the_claim_name_typ_names_normalized()
    {
        var header = Principal($$"""
            {"auth_typ":"aad","name_typ":"{{NameType}}","role_typ":"roles",
             "claims":{{Claims(("preferred_username", "someone.else@tinh.gov.vn"), (NameType, "  Nguyen.Van.A@Tinh.Gov.VN "))}}}
            """);

        Assert.Equal("nguyen.van.a@tinh.gov.vn", Authenticator.SignInOf(header));
    }

    [Fact]
    public void Without_name_typ_or_its_claim_the_preferred_username_then_the_email_is_the_sign_in()
    {
        Assert.Equal("le.thi.b@tinh.gov.vn", Authenticator.SignInOf(Principal($$"""
            {"auth_typ":"aad","claims":{{Claims(("name", "Lê Thị B"), ("email", "other@tinh.gov.vn"), ("preferred_username", "Le.Thi.B@tinh.gov.vn"))}}}
            """)));
        // name_typ names a claim the principal does not carry: the fallbacks still apply.
        Assert.Equal("le.thi.b@tinh.gov.vn", Authenticator.SignInOf(Principal($$"""
            {"name_typ":"{{NameType}}","claims":{{Claims(("preferred_username", "le.thi.b@tinh.gov.vn"))}}}
            """)));
        Assert.Equal("tran.c@tinh.gov.vn", Authenticator.SignInOf(Principal($$"""
            {"claims":{{Claims(("name", "Trần C"), ("email", "tran.c@tinh.gov.vn"))}}}
            """)));
    }

    [Fact]
    public void A_sign_in_name_is_compared_in_one_form_case_spaces_and_unicode_composition()
    {
        var composed = Authenticator.SignInOf(Principal($$"""{"claims":{{Claims(("preferred_username", "Hải.Châu@Tinh.VN"))}}}"""));
        var decomposed = Authenticator.SignInOf(Principal($$"""{"claims":{{Claims(("preferred_username", " hải.châu@tinh.vn ".Normalize(NormalizationForm.FormD)))}}}"""));

        Assert.Equal("hải.châu@tinh.vn", composed);
        Assert.Equal(composed, decomposed);
    }

    public static TheoryData<string, string?> NotAPrincipal => new()
    {
        { "null header", null },
        { "empty", "" },
        { "spaces", "   " },
        { "not base64", "this is not base64!" },
        { "base64 with a stray character", Principal($$"""{"claims":{{Claims(("preferred_username", "a@b.vn"))}}}""") + "*" },
        { "not JSON", Principal("preferred_username=a@b.vn") },
        { "truncated JSON", Principal("""{"claims":[{"typ":"preferred_username","val":"a@b.vn"}""") },
        { "a JSON array", Principal($$"""[{"claims":{{Claims(("preferred_username", "a@b.vn"))}}}]""") },
        { "a JSON string", Principal("\"a@b.vn\"") },
        { "no claims", Principal("""{"auth_typ":"aad","name_typ":"preferred_username"}""") },
        { "claims an object", Principal("""{"claims":{"typ":"preferred_username","val":"a@b.vn"}}""") },
        { "claims a string", Principal("""{"claims":"preferred_username=a@b.vn"}""") },
        { "claims null", Principal("""{"claims":null}""") },
        { "claim values not strings", Principal("""{"claims":[{"typ":"preferred_username","val":7},{"typ":"email","val":null},{"typ":"upn","val":["a@b.vn"]}]}""") },
        { "claims of other types only", Principal($$"""{"claims":{{Claims(("name", "Nguyễn Văn A"), ("roles", "administrator"))}}}""") },
        { "a blank sign-in", Principal($$"""{"claims":{{Claims(("preferred_username", "   "))}}}""") },
        { "a sign-in over 256 characters", Principal($$"""{"claims":{{Claims(("preferred_username", new string('a', 250) + "@tinh.vn"))}}}""") },
        { "invalid UTF-8", Convert.ToBase64String([.. Encoding.UTF8.GetBytes("{\"claims\":[{\"typ\":\"email\",\"val\":\""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}]}")]) },
        { "JSON nested 10 000 deep", Principal(new string('[', 10_000) + new string(']', 10_000)) },
        { "claims nested deep", Principal("""{"claims":""" + new string('[', 5_000) + new string(']', 5_000) + "}") },
    };

    [Theory]
    [MemberData(nameof(NotAPrincipal))]
    public void A_header_that_is_not_a_principal_names_nobody(string name, string? header)
    {
        Assert.NotNull(name);
        Assert.Null(Authenticator.SignInOf(header));
    }

    [Fact]
    public void An_oversized_principal_names_nobody_even_when_it_reads_as_one()
    {
        var padding = new string('x', 20 * 1024);
        var oversized = Principal($$"""{"claims":{{Claims(("preferred_username", "a@b.vn"), ("padding", padding))}}}""");
        var justUnder = Principal($$"""{"claims":{{Claims(("preferred_username", "a@b.vn"), ("padding", padding[..(Authenticator.MaxPrincipalLength * 3 / 4 - 200)]))}}}""");

        Assert.True(oversized.Length > Authenticator.MaxPrincipalLength);
        Assert.Null(Authenticator.SignInOf(oversized));
        Assert.True(justUnder.Length <= Authenticator.MaxPrincipalLength);
        Assert.Equal("a@b.vn", Authenticator.SignInOf(justUnder));
    }

    [Fact]
    public void Without_Easy_Auth_a_principal_header_is_ignored_as_if_absent()
    {
        var authenticator = Make(easyAuth: false);
        var request = Request(principal: Principal($$"""{"claims":{{Claims(("preferred_username", "quantri@tinh.vn"))}}}"""));

        Assert.IsType<Credential.None>(authenticator.Read(request));
        Assert.IsType<Credential.None>(authenticator.Read(Request(principal: "not base64 at all")));
        Assert.IsType<Credential.None>(authenticator.Read(Request(principal: new string('A', 20 * 1024))));
    }

    [Fact]
    public void With_Easy_Auth_the_principal_names_the_person_and_an_unreadable_one_is_invalid()
    {
        var authenticator = Make(easyAuth: true);

        var person = Assert.IsType<Credential.OfPerson>(authenticator.Read(Request(principal: Principal($$"""{"claims":{{Claims(("preferred_username", "QuanTri@tinh.vn"))}}}"""))));
        Assert.Equal(("quantri@tinh.vn", CallerSource.EasyAuth), (person.SignIn, person.Source));
        Assert.IsType<Credential.Invalid>(authenticator.Read(Request(principal: "not base64 at all")));
        Assert.IsType<Credential.Invalid>(authenticator.Read(Request(principal: new string('A', 20 * 1024))));
        Assert.IsType<Credential.None>(authenticator.Read(Request()));
    }

    [Fact]
    public void A_key_is_the_caller_whatever_principal_comes_with_it_and_a_wrong_key_is_invalid()
    {
        var authenticator = Make(easyAuth: true);
        var principal = Principal($$"""{"claims":{{Claims(("preferred_username", "quantri@tinh.vn"))}}}""");

        var organiser = Assert.IsType<Credential.OfKey>(authenticator.Read(Request(key: "organiser-secret", principal: principal))).Caller;
        Assert.Equal(("organiser-key", CallerSource.Key, Roles.Organiser | Roles.Officer, true), (organiser.Id, organiser.Source, organiser.Roles, organiser.AllUnits));
        var master = Assert.IsType<Credential.OfKey>(authenticator.Read(Request(query: "?code=master-secret"))).Caller;
        Assert.Equal(("master-key", Roles.Organiser | Roles.Officer | Roles.Leader | Roles.Administrator), (master.Id, master.Roles));
        var reports = Assert.IsType<Credential.OfKey>(authenticator.Read(Request(key: "reports-secret"))).Caller;
        Assert.Equal(("reports", Roles.Leader, false), (reports.Id, reports.Roles, reports.AllUnits));
        var unit = Assert.IsType<Credential.OfKey>(authenticator.Read(Request(key: "unit-secret"))).Caller;
        Assert.True(unit.HandlesUnit("thanh TRA  tỉnh"));
        Assert.False(unit.HandlesUnit("UBND phường Hải Châu"));

        Assert.IsType<Credential.Invalid>(authenticator.Read(Request(key: "organiser-secreT", principal: principal)));
        Assert.IsType<Credential.Invalid>(authenticator.Read(Request(key: "organiser-secret ")));
        Assert.IsType<Credential.Invalid>(authenticator.Read(Request(query: "?code=nope")));
    }

    [Fact]
    public void The_development_cookie_is_read_only_when_on_and_only_from_this_machine()
    {
        var session = new DevSession();
        var cookie = session.Issue("CanBo@demo.local");
        var on = Make(easyAuth: false, devSignIn: true, session);
        var off = Make(easyAuth: false, devSignIn: false, session);

        var person = Assert.IsType<Credential.OfPerson>(on.Read(Request(cookie: cookie)));
        Assert.Equal(("canbo@demo.local", CallerSource.DevSignIn), (person.SignIn, person.Source));
        Assert.IsType<Credential.None>(off.Read(Request(cookie: cookie)));
        Assert.IsType<Credential.None>(on.Read(Request(cookie: cookie, remote: IPAddress.Parse("203.0.113.7"))));
        // Signed by another host (another key), or altered: nobody.
        Assert.IsType<Credential.None>(on.Read(Request(cookie: new DevSession().Issue("canbo@demo.local"))));
        Assert.IsType<Credential.None>(on.Read(Request(cookie: session.Issue("a@demo.local").Split('.')[0] + "." + cookie.Split('.')[1])));
        Assert.IsType<Credential.None>(on.Read(Request(cookie: "!!!.???")));
    }

    private static Authenticator Make(bool easyAuth, bool devSignIn = false, DevSession? session = null)
    {
        var access = new AccessOptions { EasyAuthEnabled = easyAuth, DevSignIn = devSignIn };
        access.Keys["reports"] = new ScriptKeyOptions { Secret = "reports-secret", Roles = "leader" };
        access.Keys["unit"] = new ScriptKeyOptions { Secret = "unit-secret", Roles = "officer", Units = "Thanh tra tỉnh" };
        var workflow = new WorkflowOptions { OrganiserApiKey = "organiser-secret", MasterKey = "master-secret" };
        return new Authenticator(Options.Create(workflow), Options.Create(access), session);
    }

    private static HttpRequest Request(string? key = null, string? principal = null, string? query = null, string? cookie = null, IPAddress? remote = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote ?? IPAddress.Loopback;
        if (key is not null)
        {
            context.Request.Headers[Authenticator.KeyHeader] = key;
        }

        if (principal is not null)
        {
            context.Request.Headers[Authenticator.PrincipalHeader] = principal;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = DevSession.CookieName + "=" + cookie;
        }

        return context.Request;
    }
}
