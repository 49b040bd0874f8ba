using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses.Attendance;

/// <summary>
/// One row of <c>POST /api/courses/{id}/attendance</c>: who (email or inviteeId), which session (its number from 1 in the
/// course as it is now, or its id as <c>GET /api/courses/{id}</c> gives it, which stays right even if the schedule changes
/// meanwhile), what.
/// </summary>
public sealed record AttendanceRowInput(string? Email, string? InviteeId, int? Session, string? Status, string? SessionId = null);

/// <summary>What one row did: its number (from 1), the person, the session (number from 1, and id), the status, and whether it changed anything.</summary>
public sealed record AttendanceRowResult(int Row, string InviteeId, int Session, string SessionId, string Status, bool Changed);

/// <summary>The answer: how many marks changed, how many were already so, and each row's result in request order.</summary>
public sealed record AttendanceResult(int Recorded, int Unchanged, IReadOnlyList<AttendanceRowResult> Rows);

/// <summary>
/// <c>POST /api/courses/{id}/attendance</c>: the organiser marks people present, absent or excused per session, in bulk
/// (<see cref="AttendanceRules.Mark"/>; a mark overrides a check-in and is written with an audit line). All or nothing:
/// every row is checked first (shape, person, session, status, window) and any bad row answers 400 naming it
/// (<c>[2].session</c>) with nothing written. Sessions are numbered from 1, as people number them.
/// </summary>
public sealed partial class AttendanceApi(CourseStore courseStore, InviteeStore inviteeStore, AttendanceWriter attendanceWriter, TemplateRenderer words, TimeProvider time, ILogger<AttendanceApi> logger)
{
    public const int MaxRows = 5000;

    public Task<IResult> RecordAsync(HttpRequest request, string id, CancellationToken cancellationToken) =>
        courseStore.WithCourseAndBodyAsync<List<AttendanceRowInput?>>(request, id, async (course, rows) =>
        {
            if (rows.Count is 0 or > MaxRows)
            {
                return Problems.Validation("body", Phrase.Of("error.between1AndRowsAreNeeded", ("maxRows", MaxRows)));
            }

            if (AttendanceRules.WhyNoMarks(course) is { } closed)
            {
                return Problems.Conflict(closed);
            }

            var invitees = (await inviteeStore.ListInviteesAsync(course.Id, cancellationToken)).ToDictionary(i => i.Id, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            var author = request.Caller().Author;
            var (plan, errors) = Plan(course, rows, invitees, now, author, words);
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            // Every row passed: write each person's marks (one merge per person, ETag-checked, decided again on a fresh read).
            var results = new List<AttendanceRowResult>();
            foreach (var person in plan.GroupBy(p => p.InviteeId, StringComparer.Ordinal))
            {
                var changedRows = new HashSet<int>();
                await attendanceWriter.UpdateAttendanceAsync(course.Id, person.Key, current =>
                {
                    changedRows.Clear();
                    var next = current;
                    foreach (var row in person)
                    {
                        var outcome = AttendanceRules.Mark(course, next, row.Session, row.Status, now, author);
                        if (outcome is { IsDone: true, Value.Unchanged: false })
                        {
                            next = outcome.Value.Invitee;
                            changedRows.Add(row.Row);
                        }
                    }

                    return changedRows.Count > 0 ? next : null;
                }, cancellationToken, invitees[person.Key]);
                results.AddRange(person.Select(r => new AttendanceRowResult(
                    r.Row + 1, r.InviteeId, r.Session + 1, course.SessionId(r.Session), InviteeRules.Name(r.Status), changedRows.Contains(r.Row))));
            }

            results.Sort((a, b) => a.Row.CompareTo(b.Row));
            var recorded = results.Count(r => r.Changed);
            LogRecorded(logger, course.Id, recorded, results.Count - recorded);
            return Results.Json(new AttendanceResult(recorded, results.Count - recorded, results), WorkflowJson.Options);
        }, cancellationToken);

    /// <summary>A checked row: 0-based row and session, the invitee and the status.</summary>
    internal sealed record PlannedMark(int Row, string InviteeId, int Session, AttendanceStatus Status);

    /// <summary>Checks every row against the course and its people (nothing written); errors name the row: <c>[2].session</c>.</summary>
    internal static (List<PlannedMark> Plan, List<ValidationError> Errors) Plan(
        Course course, IReadOnlyList<AttendanceRowInput?> rows, IReadOnlyDictionary<string, Invitee> invitees, DateTimeOffset now, Author by, TemplateRenderer words)
    {
        var sessionIds = course.SessionIds;
        var plan = new List<PlannedMark>();
        var errors = new List<ValidationError>();
        var seen = new Dictionary<(string, int), int>();
        var sessions = course.Definition.Sessions.Count;
        foreach (var (r, at, row) in ListEntries.Of(string.Empty, rows, Phrase.Of("error.eachRowIsAnObjectEmailOr"), errors.Add))
        {
            var email = row.Email?.Trim();
            var inviteeId = row.InviteeId?.Trim();
            string? key = null;
            if (string.IsNullOrEmpty(email) == string.IsNullOrEmpty(inviteeId))
            {
                errors.Add(new($"{at}.email", Phrase.Of("error.giveExactlyOneOfEmailOrInviteeid")));
            }
            else if (email is { Length: > 0 } && !CourseValidation.IsEmail(email))
            {
                errors.Add(new($"{at}.email", Phrase.Of("error.notAValidEmailAddress")));
            }
            else if (inviteeId is { Length: > 0 } && !CourseStore.IsValidKey(inviteeId))
            {
                errors.Add(new($"{at}.inviteeId", Phrase.Of("error.notAValidInviteeId")));
            }
            else
            {
                key = inviteeId is { Length: > 0 } ? inviteeId : Invitee.IdFor(course.Id, CourseValidation.NormalizeEmail(email!));
                if (!invitees.ContainsKey(key))
                {
                    errors.Add(new(email is { Length: > 0 } ? $"{at}.email" : $"{at}.inviteeId", Phrase.Of("error.noSuchInviteeInThisCourse")));
                    key = null;
                }
            }

            AttendanceStatus? status = row.Status switch
            {
                "present" => AttendanceStatus.Present,
                "absent" => AttendanceStatus.Absent,
                "excused" => AttendanceStatus.Excused,
                _ => null,
            };
            if (status is null)
            {
                errors.Add(new($"{at}.status", Phrase.Of("error.theStatusIsPresentAbsentOrExcused")));
            }

            int number;
            if (row.SessionId is { } sessionId)
            {
                var index = sessionIds.ToList().IndexOf(sessionId);
                if (row.Session is not null)
                {
                    errors.Add(new($"{at}.sessionId", Phrase.Of("attendanceSessionBoth")));
                    continue;
                }

                if (index < 0)
                {
                    errors.Add(new($"{at}.sessionId", Phrase.Of("attendanceSessionUnknown")));
                    continue;
                }

                number = index + 1;
            }
            else if (row.Session is not { } given || given < 1 || given > sessions)
            {
                errors.Add(new($"{at}.session", Phrase.Of("error.sessionsAreNumberedFrom1To", ("sessions", sessions))));
                continue;
            }
            else
            {
                number = given;
            }

            if (key is null || status is null)
            {
                continue;
            }

            if (seen.TryGetValue((key, number), out var first))
            {
                errors.Add(new($"{at}.session", Phrase.Of("error.thisPersonIsAlreadyInRowFor", ("first", first), ("number", number))));
                continue;
            }

            seen[(key, number)] = r;
            var outcome = AttendanceRules.Mark(course, invitees[key], number - 1, status.Value, now, by);
            if (outcome.Kind == OutcomeKind.Invalid)
            {
                errors.AddRange(outcome.Errors.Select(e => new ValidationError($"{at}.{e.Field}", e.Message)));
                continue;
            }

            plan.Add(new PlannedMark(r, key, number - 1, status.Value));
        }

        return (plan, errors);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: organiser attendance, {Recorded} marks recorded, {Unchanged} unchanged")]
    private static partial void LogRecorded(ILogger logger, string courseId, int recorded, int unchanged);
}
