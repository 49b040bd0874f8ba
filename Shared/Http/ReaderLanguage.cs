using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Workflow.Http;

/// <summary>The language an API answer is written in for its reader: <c>en</c> when the request's <c>Accept-Language</c> prefers English over Vietnamese, else <c>vi</c>.</summary>
public static class ReaderLanguage
{
    /// <summary>A phrase in the words of the request's reader (for the texts of a successful answer, such as refused rows).</summary>
    public static string Say(this TemplateRenderer words, Phrase phrase, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(words);
        return words.Render(phrase, Of(request));
    }

    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var ranges))
        {
            return "vi";
        }

        foreach (var range in ranges.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var tag = range.Value.Value ?? string.Empty;
            if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase))
            {
                return "en";
            }

            if (tag.Equals("vi", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("vi-", StringComparison.OrdinalIgnoreCase))
            {
                return "vi";
            }
        }

        return "vi";
    }
}
