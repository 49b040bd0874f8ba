using System.Buffers;

namespace Workflow.Templates;

/// <summary>
/// How <see cref="TemplateRenderer"/> neutralises what users typed before it reaches a message or a page. Only the
/// renderer calls these: email builders hand it raw values.
/// </summary>
internal static class UserText
{
    /// <summary>Longest subject, in UTF-16 units (longer ones end with "…").</summary>
    public const int MaxSubject = 250;

    /// <summary>Longest recipient name (display name and the name in the greeting).</summary>
    public const int MaxName = 200;

    private static readonly SearchValues<char> AddressSpecials = SearchValues.Create(",;<>\"\\:@[]");

    /// <summary>
    /// A value for a message body or a page: line breaks (CR LF, CR, NEL, U+2028, U+2029) become <c>\n</c>, a tab a space;
    /// other control characters, format characters (bidi overrides and isolates, zero-width characters, BOM, tags),
    /// private-use characters (so no substitution key) and lone surrogates are removed.
    /// </summary>
    public static string Body(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsClean(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\r':
                    builder.Append('\n');
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    continue;
                case '\n' or '\u0085' or '\u2028' or '\u2029':
                    builder.Append('\n');
                    continue;
                case '\t':
                    builder.Append(' ');
                    continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                if (Keep(CharUnicodeInfo.GetUnicodeCategory(value, i)))
                {
                    builder.Append(c).Append(value[i + 1]);
                }

                i++;
                continue;
            }

            if (Keep(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A one-line value: <see cref="Body"/>, then every run of white space (line breaks too) one space, trimmed.</summary>
    public static string Line(string value) => Collapse(Body(value));

    /// <summary>The recipient's name in the greeting: one line, at most <see cref="MaxName"/> characters.</summary>
    public static string Name(string? value) => Cap(Line(value ?? string.Empty), MaxName);

    /// <summary>
    /// A display name for the To header, or null: one line, without the characters that mean something in an address
    /// list (<c>, ; &lt; &gt; " \ : @ [ ]</c>; SendGrid splits names on commas and semicolons), at most <see cref="MaxName"/> characters.
    /// </summary>
    public static string? DisplayName(string? value)
    {
        var line = Line(value ?? string.Empty);
        if (line.AsSpan().IndexOfAny(AddressSpecials) >= 0)
        {
            var chars = line.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (AddressSpecials.Contains(chars[i]))
                {
                    chars[i] = ' ';
                }
            }

            line = Collapse(new string(chars));
        }

        line = Cap(line, MaxName);
        return line.Length == 0 ? null : line;
    }

    /// <summary>
    /// A rendered subject (its values already went through <see cref="Body"/>; it may hold the renderer's keys): every run of
    /// white space or control characters one space, trimmed, at most <see cref="MaxSubject"/> characters, never cutting a key.
    /// </summary>
    public static string Subject(string rendered)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var subject = Collapse(rendered, static c => char.IsWhiteSpace(c) || char.IsControl(c));
        if (subject.Length <= MaxSubject)
        {
            return subject;
        }

        var cut = subject[..(MaxSubject - 1)];
        var open = cut.LastIndexOf(SubstitutionKeys.Open);
        if (open >= 0 && cut.IndexOf(SubstitutionKeys.Close, open) < 0)
        {
            cut = cut[..open];
        }

        return Cap(cut, cut.Length).TrimEnd() + "…";
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units, never half a surrogate pair.</summary>
    private static string Cap(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var end = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return value[..end].TrimEnd();
    }

    /// <summary>Every run of white space one space, trimmed.</summary>
    private static string Collapse(string value) => Collapse(value, char.IsWhiteSpace);

    /// <summary>Every run of the characters that are <paramref name="gap"/> one space, trimmed.</summary>
    private static string Collapse(string value, Func<char, bool> gap)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (gap(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsClean(string value)
    {
        foreach (var c in value)
        {
            var clean = c < ' '
                ? c == '\n'
                : c < '\u007F' || (Keep(CharUnicodeInfo.GetUnicodeCategory(c)) && c is not ('\u2028' or '\u2029'));
            if (!clean)
            {
                return false;
            }
        }

        return true;
    }

    /// <remarks>Surrogate is only seen for a lone surrogate (pairs are read as one code point).</remarks>
    private static bool Keep(UnicodeCategory category) =>
        category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate);
}
