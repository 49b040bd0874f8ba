using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Fluid;
using Workflow.Email;

namespace Workflow.Templates;

/// <summary>
/// Renders the Liquid templates embedded in this assembly (<c>*.liquid</c>) with Fluid. HTML templates
/// encode every value by default; text templates don't. Words live in <c>strings.{language}.json</c>,
/// exposed to templates as <c>t</c>, so a message has one template for every language.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();

    /// <summary>Encodes what HTML needs (&lt; &gt; &amp; quotes) and leaves Vietnamese letters as they are.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _strings = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options = new();

    public TemplateRenderer()
    {
        _options.MemberAccessStrategy = new UnsafeMemberAccessStrategy();
    }

    /// <summary>Encodes a value for HTML the way the templates do (Vietnamese letters kept readable).</summary>
    public static string HtmlEncode(string value) => Html.Encode(value);

    /// <summary>The words of a language (<c>vi</c> or <c>en</c>).</summary>
    public IReadOnlyDictionary<string, string> Strings(string language) =>
        _strings.GetOrAdd(language is "en" ? "en" : "vi", lang =>
        {
            using var stream = Open($"strings.{lang}.json");
            return JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        });

    /// <summary>Renders <c>{name}.html.liquid</c> (encoded) or <c>{name}.txt.liquid</c> (plain).</summary>
    public string Render(string name, bool html, IReadOnlyDictionary<string, object?> model, string language) =>
        Render(Template($"{name}.{(html ? "html" : "txt")}.liquid"), html, model, language);

    /// <summary>
    /// One email batch from a message template: the subject from the strings file, the HTML body inside
    /// the common email layout, and the text body, all rendered with the same model.
    /// </summary>
    public EmailBatch Email(string template, string subjectKey, IReadOnlyDictionary<string, object?> model, string language, IReadOnlyList<EmailRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(model);
        var subject = RenderString(subjectKey, model, language);
        var body = Render(template, html: true, model, language);
        var layout = new Dictionary<string, object?>(model, StringComparer.Ordinal) { ["body"] = body, ["subject"] = subject };
        var html = Render("email-layout", html: true, layout, language);
        var text = Render(template, html: false, model, language);
        return new EmailBatch(template, subject, html, text, recipients);
    }

    /// <summary>Renders one entry of the strings file as a template (for subjects and short lines), unencoded.</summary>
    public string RenderString(string key, IReadOnlyDictionary<string, object?> model, string language)
    {
        var source = Strings(language).TryGetValue(key, out var s) ? s : throw new KeyNotFoundException($"No string '{key}' for '{language}'.");
        var template = _templates.GetOrAdd("string:" + language + ":" + key, _ => Parse(source, key));
        return Render(template, html: false, model, language);
    }

    private string Render(IFluidTemplate template, bool html, IReadOnlyDictionary<string, object?> model, string language)
    {
        var context = new TemplateContext(_options);
        context.SetValue("t", Strings(language));
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }

        return template.Render(context, html ? Html : NullEncoder.Default);
    }

    private IFluidTemplate Template(string resource) =>
        _templates.GetOrAdd(resource, r =>
        {
            using var reader = new StreamReader(Open(r));
            return Parse(reader.ReadToEnd(), r);
        });

    private static IFluidTemplate Parse(string source, string name) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template {name} does not parse: {error}");

    private static Stream Open(string file)
    {
        var assembly = typeof(TemplateRenderer).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(".Templates." + file, StringComparison.Ordinal))
            ?? throw new FileNotFoundException($"No embedded template {file}.");
        return assembly.GetManifestResourceStream(resource)!;
    }
}
