namespace Workflow.Http;

/// <summary>
/// The text of a parsed JSON body (<see cref="RequestReader.ParseJson"/>): every string, value or property name, is whole
/// Unicode (no lone surrogate) without control characters other than tab, CR and LF.
/// </summary>
internal static class JsonText
{
    /// <summary>The path of the first string (value or property name) that is broken Unicode or holds a control character other than tab, CR, LF.</summary>
    public static string? FirstBad(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsCleanText(element, static e => e.GetString()) ? null : JsonShape.Field("$" + path);
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstBad(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]")) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = IsCleanText(property, static p => p.Name) ? property.Name : null;
                    var field = path + "." + (name is not null && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && name.Length <= 64 ? name : "(field)");
                    if (name is null)
                    {
                        return JsonShape.Field("$" + field);
                    }

                    if (FirstBad(property.Value, field) is { } bad)
                    {
                        return bad;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsCleanText<T>(T source, Func<T, string?> read)
    {
        try
        {
            var text = read(source);
            return text is null || !text.Any(c => (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || char.IsSurrogate(c)) || IsPaired(text);
        }
        catch (InvalidOperationException)
        {
            return false; // an escaped unpaired surrogate
        }
    }

    /// <summary>True when the text's surrogates are all paired and it has no control characters other than tab and line breaks.</summary>
    private static bool IsPaired(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
