using PdfSharp.Drawing;

namespace Workflow.Documents.Pdf;

/// <summary>
/// Breaks text into lines that fit a width, for every PDF the product draws: at spaces, and inside a word longer than the
/// line (a pasted link, a name without spaces) between characters, never inside a surrogate pair. Line breaks of the
/// text start new lines; nothing is dropped or cut short.
/// </summary>
public static class TextWrap
{
    /// <summary>The lines of <paramref name="text"/> in <paramref name="font"/> no wider than <paramref name="width"/> points.</summary>
    /// <param name="firstWidth">The first line's width when it differs (an indent or a label before it).</param>
    public static IReadOnlyList<string> Lines(XGraphics gfx, string text, XFont font, double width, double? firstWidth = null)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        return Lines(text, s => gfx.MeasureString(s, font).Width, width, firstWidth);
    }

    /// <summary>The same with any measure (tests measure in characters).</summary>
    public static IReadOnlyList<string> Lines(string? text, Func<string, double> measure, double width, double? firstWidth = null)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var lines = new List<string>();
        foreach (var paragraph in (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (measure(candidate) <= Limit())
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (measure(current) > Limit() && current.Length > 1)
                {
                    var cut = Fit(current, measure, Limit());
                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }

            lines.Add(current);
        }

        return lines;

        double Limit() => lines.Count == 0 ? firstWidth ?? width : width;
    }

    /// <summary>How many UTF-16 units of <paramref name="word"/> fit (at least one character, a pair kept whole).</summary>
    private static int Fit(string word, Func<string, double> measure, double width)
    {
        int low = 1, high = word.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (measure(word[..mid]) <= width)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (low < word.Length && char.IsLowSurrogate(word[low]))
        {
            low = low > 1 ? low - 1 : low + 1;
        }

        return Math.Clamp(low, 1, word.Length);
    }
}
