using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace Workflow.Email;

/// <summary>Reads the messages the dev outbox kept (local runs without a SendGrid key; SPEC §5).</summary>
public interface IDevOutbox
{
    /// <summary>The kept messages, oldest first; only those to <paramref name="to"/> (case-insensitive) when given.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "'to' is the query parameter's name in the dev outbox route; no VB implementers.")]
    Task<IReadOnlyList<DevOutboxItem>> ListAsync(string? to, CancellationToken cancellationToken = default);
}

/// <param name="Id">Stable id derived from the message id (also the .eml file name).</param>
/// <param name="Links">The absolute http(s) links of the HTML body, in order, HTML-decoded.</param>
public sealed record DevOutboxItem(
    string Id,
    IReadOnlyList<string> To,
    string Subject,
    string Text,
    string Html,
    DateTimeOffset SentAt,
    IReadOnlyList<DevOutboxAttachment> Attachments,
    IReadOnlyList<string> Links);

public sealed record DevOutboxAttachment(string FileName, string ContentType);

internal sealed partial class DevOutbox(DevOutboxTable table) : IDevOutbox
{
    public async Task<IReadOnlyList<DevOutboxItem>> ListAsync(string? to, CancellationToken cancellationToken = default)
    {
        var messages = await table.ListAsync(to, cancellationToken);
        return messages
            .OrderBy(m => m.SentAt)
            .ThenBy(m => m.Sequence)
            .Select(m => new DevOutboxItem(
                m.Id,
                [m.To],
                m.Subject,
                m.Text,
                m.Html,
                m.SentAt,
                m.Attachments.Select(a => new DevOutboxAttachment(a.FileName, a.ContentType)).ToList(),
                ExtractLinks(m.Html)))
            .ToList();
    }

    /// <summary>Absolute http(s) targets of <c>href</c> attributes, HTML-decoded, in document order.</summary>
    internal static IReadOnlyList<string> ExtractLinks(string html)
    {
        var links = new List<string>();
        foreach (Match match in HrefRegex().Matches(html))
        {
            var value = WebUtility.HtmlDecode(match.Groups["url"].Value).Trim();
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                links.Add(value);
            }
        }

        return links;
    }

    [GeneratedRegex("""\bhref\s*=\s*(?:"(?<url>[^"]*)"|'(?<url>[^']*)'|(?<url>[^\s"'>]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HrefRegex();
}
