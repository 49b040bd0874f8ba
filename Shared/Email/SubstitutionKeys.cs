namespace Workflow.Email;

/// <summary>
/// The personal substitution keys of templated emails (SendGrid substitutions; the dev outbox applies them the same way).
/// Each key is delimited by Private Use Area characters, which <see cref="Templates.TemplateRenderer"/> removes from every
/// value a user typed: user text can never contain a key, so it can never pull a recipient's values into a message.
/// Only the renderer puts keys into a message, and it builds each recipient's values itself.
/// </summary>
public static class SubstitutionKeys
{
    /// <summary>Opens every key (U+E000, private use).</summary>
    public const char Open = '\uE000';

    /// <summary>Closes every key (U+E001, private use).</summary>
    public const char Close = '\uE001';

    /// <summary>The recipient's name as plain text (subject and text part): one line, no control or format characters.</summary>
    public const string Name = "\uE000name\uE001";

    /// <summary>The recipient's name HTML-encoded (HTML part).</summary>
    public const string NameHtml = "\uE000name.html\uE001";

    /// <summary>The recipient's personal link (an absolute http(s) URL that needs no encoding in text or in an HTML attribute).</summary>
    public const string Link = "\uE000link\uE001";

    /// <summary>Every key, in the order the renderer gives the values.</summary>
    public static IReadOnlyList<string> All { get; } = [Name, NameHtml, Link];
}
