namespace Workflow.Courses.Nominations;

/// <summary>A unit asked to nominate, as the organiser's page shows it (<c>GET /api/courses/{id}/units</c>).</summary>
/// <param name="Nominated">How many people the unit has named so far (0: it has not nominated).</param>
public sealed record NominationUnitView(
    string Unit,
    string ContactEmail,
    int Quota,
    int Nominated,
    DateTimeOffset? RequestSentAt,
    DateTimeOffset? SilentNoticeSentAt)
{
    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    /// <summary>The course's units as views, sorted by unit name as Vietnamese is sorted (Đ after D, tones after the bare letter).</summary>
    public static IReadOnlyList<NominationUnitView> List(IEnumerable<Nomination> nominations)
    {
        ArgumentNullException.ThrowIfNull(nominations);
        return [.. nominations
            .Select(n => new NominationUnitView(n.Unit, n.ContactEmail, n.Quota, n.NomineeIds.Count, n.RequestSentAt, n.SilentNoticeSentAt))
            .OrderBy(v => v.Unit, Vietnamese)
            .ThenBy(v => v.Unit, StringComparer.Ordinal)];
    }
}
