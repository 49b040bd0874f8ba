using System.Collections;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace Workflow.Templates;

/// <summary>One person a templated email goes to. Their name and link reach the message only through substitutions the renderer builds.</summary>
/// <param name="MessageId">Deterministic id of this person's message (see <see cref="EmailRecipient.MessageId"/>).</param>
/// <param name="Email">The address.</param>
/// <param name="Name">The person's name as typed (display name, and <c>person_name</c> in the templates), if any.</param>
/// <param name="Link">The person's link (<c>person_link</c> in the templates), if the message has one: absolute http(s).</param>
public sealed record EmailTo(string MessageId, string Email, string? Name = null, string? Link = null);

/// <summary>
/// Renders the Liquid templates embedded in this assembly (<c>*.liquid</c>) with Fluid. HTML templates
/// encode every value by default; text templates don't. Words live in <c>strings.{language}.json</c>,
/// exposed to templates as <c>t</c>, so a message has one template for every language.
/// </summary>
/// <remarks>
/// The one place where what users typed enters a message or a page, so the one place of the email-content rule: nothing a
/// user typed can add a header, change a recipient, inject markup or pull a substitution into a message.
/// <list type="bullet">
/// <item>Every model value (nested dictionaries and lists too) is neutralised on the way in (<see cref="UserText.Body"/>):
/// no control characters but line breaks, no format characters (bidi overrides, zero-width), no private-use characters,
/// so no value can hold a <see cref="SubstitutionKeys">substitution key</see>. Only plain values are taken (strings,
/// numbers, booleans, lists, dictionaries), never a ready-made Fluid value.</item>
/// <item>HTML templates encode every value; subjects are one line without control characters, at most <see cref="UserText.MaxSubject"/> characters.</item>
/// <item>The recipient's name and link are the renderer's: templates write <c>{{ person_name }}</c> and <c>{{ person_link }}</c>
/// (no <c>raw</c>), the renderer puts the text key in subject and text and the HTML key in HTML, and builds each recipient's
/// values (name one line; name HTML-encoded; link checked), and only for the keys the message holds. Display names are
/// neutralised for the To header.</item>
/// </list>
/// Email builders pass raw values: they neither encode nor clean anything themselves.
/// </remarks>
public sealed class TemplateRenderer
{
    /// <summary>Model names only the renderer sets.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal) { "t", "person_name", "person_link", "body", "subject" };

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

    /// <summary>The words of a language (<c>vi</c> or <c>en</c>).</summary>
    public IReadOnlyDictionary<string, string> Strings(string language) =>
        _strings.GetOrAdd(language is "en" ? "en" : "vi", lang =>
        {
            using var stream = Open($"strings.{lang}.json");
            return JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        });

    /// <summary>
    /// A <see cref="Phrase"/> in words of <paramref name="language"/>: its entry of the string tables filled with its
    /// arguments (phrases among them put into words first). Plain text, one language.
    /// </summary>
    public string Render(Phrase phrase, string language)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var model = phrase.Args.ToDictionary(a => a.Key, a => a.Value switch
        {
            Phrase inner => Render(inner, language),
            TimeRange range => Time.VietnamTime.FormatRange(range.Start, range.End, language),
            var value => value,
        }, StringComparer.Ordinal);
        return RenderString(phrase.Key, model, language);
    }

    /// <summary>Renders <c>{name}.html.liquid</c> (encoded) or <c>{name}.txt.liquid</c> (plain), for a page or a part of one.</summary>
    public string Render(string name, bool html, IReadOnlyDictionary<string, object?> model, string language) =>
        Render(Template($"{name}.{(html ? "html" : "txt")}.liquid"), html, Neutralise(model), language, personal: null);

    /// <summary>
    /// One email batch from a message template: the subject from the strings file, the HTML body inside
    /// the common email layout, and the text body, all rendered with the same model; one recipient per
    /// <paramref name="recipients"/> entry, with the substitutions of the personal keys the message holds.
    /// </summary>
    public EmailBatch Email(string template, string subjectKey, IReadOnlyDictionary<string, object?> model, string language, IReadOnlyList<EmailTo> recipients)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipients);
        var values = Neutralise(model);
        var subject = UserText.Subject(Render(StringTemplate(subjectKey, language), html: false, values, language, personal: false));
        var body = Render(Template($"{template}.html.liquid"), html: true, values, language, personal: true);
        var layout = new Dictionary<string, object?>(values, StringComparer.Ordinal);
        var html = Render(Template("email-layout.html.liquid"), html: true, layout, language, personal: true, new Dictionary<string, FluidValue>(StringComparer.Ordinal)
        {
            ["body"] = new StringValue(body, encode: false),
            ["subject"] = new StringValue(EncodeKeepingKeys(subject), encode: false),
        });
        var text = Render(Template($"{template}.txt.liquid"), html: false, values, language, personal: true);

        var used = SubstitutionKeys.All
            .Where(k => subject.Contains(k, StringComparison.Ordinal) || html.Contains(k, StringComparison.Ordinal) || text.Contains(k, StringComparison.Ordinal))
            .ToList();
        var personalized = recipients
            .Select(r => new EmailRecipient(r.MessageId, r.Email, UserText.DisplayName(r.Name), Substitutions(r, used)))
            .ToList();
        return new EmailBatch(template, subject, html, text, personalized);
    }

    /// <summary>Renders one entry of the strings file as a template (for subjects and short lines), unencoded.</summary>
    public string RenderString(string key, IReadOnlyDictionary<string, object?> model, string language) =>
        Render(StringTemplate(key, language), html: false, Neutralise(model), language, personal: null);

    /// <summary>A recipient's values for the keys the message holds; none of them can hold a key.</summary>
    private static Dictionary<string, string> Substitutions(EmailTo recipient, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            values[key] = key switch
            {
                SubstitutionKeys.Name => UserText.Name(recipient.Name),
                SubstitutionKeys.NameHtml => Html.Encode(UserText.Name(recipient.Name)),
                SubstitutionKeys.Link => CheckedLink(recipient),
                _ => throw new InvalidOperationException("Unknown substitution key."),
            };
        }

        return values;
    }

    /// <summary>Links are made by the product, not typed: one that would need encoding in text or in an HTML attribute is a bug.</summary>
    private static string CheckedLink(EmailTo recipient)
    {
        var link = recipient.Link ?? throw new ArgumentException($"The message has a personal link but recipient '{recipient.MessageId}' has none.", nameof(recipient));
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || link.Any(c => c <= ' ' || c >= '\u007F' || c is '"' or '\'' or '<' or '>' or '&'))
        {
            throw new ArgumentException($"The personal link of '{recipient.MessageId}' is not an absolute http(s) URL of plain characters.", nameof(recipient));
        }

        return link;
    }

    /// <summary>HTML-encodes a rendered subject, its text keys turned into their HTML forms.</summary>
    internal static string EncodeKeepingKeys(string subject)
    {
        var builder = new StringBuilder(subject.Length + 16);
        var at = 0;
        while (at < subject.Length)
        {
            var open = subject.IndexOf(SubstitutionKeys.Open, at);
            if (open < 0)
            {
                builder.Append(Html.Encode(subject[at..]));
                break;
            }

            var close = subject.IndexOf(SubstitutionKeys.Close, open);
            var key = close < 0 ? throw new InvalidOperationException("A substitution key is cut in the subject.") : subject[open..(close + 1)];
            builder.Append(Html.Encode(subject[at..open])).Append(key == SubstitutionKeys.Name ? SubstitutionKeys.NameHtml : key);
            at = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>A copy of the model with every string neutralised; refuses the renderer's own names and anything but plain values.</summary>
    private static Dictionary<string, object?> Neutralise(IReadOnlyDictionary<string, object?> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = new Dictionary<string, object?>(model.Count, StringComparer.Ordinal);
        foreach (var (key, value) in model)
        {
            if (ReservedNames.Contains(key))
            {
                throw new ArgumentException($"'{key}' is set by the renderer, not by a model.", nameof(model));
            }

            copy[key] = NeutraliseValue(value);
        }

        return copy;
    }

    private static object? NeutraliseValue(object? value) => value switch
    {
        null => null,
        string s => UserText.Body(s),
        bool or int or long or short or byte or uint or ulong or ushort or sbyte or double or float or decimal => value,
        IReadOnlyDictionary<string, object?> d => d.ToDictionary(p => UserText.Line(p.Key), p => NeutraliseValue(p.Value), StringComparer.Ordinal),
        IReadOnlyDictionary<string, string> d => d.ToDictionary(p => UserText.Line(p.Key), p => (object?)UserText.Body(p.Value), StringComparer.Ordinal),
        FluidValue => throw new ArgumentException("Models hold plain values; only the renderer makes Fluid values."),
        IEnumerable items => items.Cast<object?>().Select(NeutraliseValue).ToList(),
        _ => throw new ArgumentException($"A model value of type {value.GetType().Name} is not a plain value (string, number, boolean, list, dictionary)."),
    };

    /// <param name="personal">Null: no personal fields (pages, lines); false: their text keys (subject); true: text keys in text, HTML keys in HTML.</param>
    private string Render(IFluidTemplate template, bool html, Dictionary<string, object?> values, string language, bool? personal, IReadOnlyDictionary<string, FluidValue>? own = null)
    {
        var context = new TemplateContext(_options);
        context.SetValue("t", Strings(language));
        foreach (var (key, value) in values)
        {
            context.SetValue(key, value);
        }

        if (personal is not null)
        {
            var inHtml = html && personal.Value;
            context.SetValue("person_name", new StringValue(inHtml ? SubstitutionKeys.NameHtml : SubstitutionKeys.Name, encode: false));
            context.SetValue("person_link", new StringValue(SubstitutionKeys.Link, encode: false));
        }

        foreach (var (key, value) in own ?? new Dictionary<string, FluidValue>())
        {
            context.SetValue(key, value);
        }

        return template.Render(context, html ? Html : NullEncoder.Default);
    }

    private IFluidTemplate StringTemplate(string key, string language)
    {
        var source = Strings(language).TryGetValue(key, out var s) ? s : throw new KeyNotFoundException($"No string '{key}' for '{language}'.");
        return _templates.GetOrAdd("string:" + language + ":" + key, _ => Parse(source, key));
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
