using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Workflow.Http;

/// <summary>Conditional GETs: whether a request already holds the current representation.</summary>
public static class ETags
{
    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="etag"/> (weak comparison, as RFC 9110 says for it) or is <c>*</c>.</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
