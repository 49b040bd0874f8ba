using Microsoft.AspNetCore.Http;
using Workflow.Complaints.Cases;
using Workflow.Http;

namespace Workflow.Complaints.Calendar;

/// <summary>
/// <c>POST /api/holidays</c>: adds (or replaces) a year's announced days, in the shape of a
/// <c>holidays-YYYY.json</c> data file. The year joins the calendar, is stored so it survives restarts,
/// and the open cases' deadline index is recomputed under it.
/// </summary>
public sealed partial class HolidayApi(ComplaintRules rules, HolidayStore store, ComplaintStore complaintStore, ILogger<HolidayApi> logger)
{
    public async Task<IResult> AddYearAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (posted, problem) = await RequestReader.ReadJsonRootAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await rules.EnsureHolidaysAsync(cancellationToken);
        if (!HolidayDataLoader.TryRead(posted, out var year, out var errors) || year is null)
        {
            return Problems.Validation(errors);
        }

        errors = rules.Calendar.AddYear(year);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await store.SaveAsync(year.Year, posted.GetRawText(), cancellationToken);
        var today = rules.Today();
        var reindexed = 0;
        foreach (var (c, etag) in await complaintStore.ListAsync(CaseStatus.Open, int.MaxValue, cancellationToken))
        {
            await complaintStore.SyncIndexAsync(c, etag, rules.OpenDeadlines(c, today), cancellationToken);
            reindexed++;
        }

        LogAdded(logger, year.Year, year.Days.Count, reindexed);
        return Results.Json(new { year = year.Year, days = year.Days.Count, reindexed }, WorkflowJson.Options);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Holiday year {Year} added ({Days} days); {Reindexed} open cases re-indexed")]
    private static partial void LogAdded(ILogger logger, int year, int days, int reindexed);
}
