using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Workflow.Access;
using Workflow.Courses.Import;
using Workflow.Courses.Storage;
using Workflow.Http;

namespace Workflow.Courses;

/// <summary>The organiser's course endpoints (SPEC §4), the same in the Functions app and the local host.</summary>
public sealed partial class CourseApi(CourseStore courseStore, InviteeStore inviteeStore, CourseFlows flows, TemplateRenderer words, CourseWarnings warnings, TimeProvider time, ILogger<CourseApi> logger)
{
    public async Task<IResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definition, problem) = await RequestReader.ReadJsonAsync<CourseDefinition>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var errors = CourseValidation.Validate(definition!, now);
        var sessions = definition!.Sessions ?? [];
        for (var i = 0; i < sessions.Count; i++)
        {
            if (sessions[i]?.Id is not null)
            {
                errors[$"sessions[{i}].id"] = [Phrase.Of("sessionIdOnCreate")];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Sessions get their ids now (s1, s2... in time order), and keep them when the course is rescheduled.
        var course = CourseHistory.Record(
            new Course(CourseStore.NewCourseId(), CourseSessions.Number(Normalize(definition)), CoursePhase.Draft, now, null),
            request.Caller().Author,
            now,
            CourseHistory.Created);
        await courseStore.CreateAsync(course, cancellationToken);
        LogCreated(logger, course.Id);
        request.HttpContext.Response.Headers.Location = $"/api/courses/{course.Id}";
        // A session on a holiday or a weekend is saved as asked, with a warning in the answer (issue 18 item 7).
        var view = await ViewAsync(course, cancellationToken) with { Warnings = await warnings.ForAsync(course.Definition, cancellationToken) };
        return Results.Json(view, WorkflowJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        var course = await courseStore.GetAsync(id, cancellationToken);
        return course is null ? CourseAnswers.NotFound(id) : Results.Json(await ViewAsync(course, cancellationToken), WorkflowJson.Options);
    }

    /// <summary>Adds invitees from a JSON array, <c>text/csv</c> or an .xlsx workbook; a started course invites them at once.</summary>
    public Task<IResult> AddInviteesAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return courseStore.WithCourseAsync(id, async course =>
        {
            if (course.Phase is not (CoursePhase.Draft or CoursePhase.Inviting))
            {
                return Problems.Conflict(Phrase.Of("error.inviteesWhileDraftOrInviting", ("phase", CoursePhases.Named(course.Phase))));
            }

            var (rows, problem) = await ReadInviteesAsync(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            // Duplicates within the list are found here; people the course has already, by storage as the rows are written.
            var (valid, duplicates, rejected) = InviteeImport.Validate(rows!, new HashSet<string>(StringComparer.Ordinal));
            var author = request.Caller().Author;
            var now = time.GetUtcNow();
            var (added, raced) = await inviteeStore.AddInviteesAsync(id, valid, cancellationToken, InviteeRules.AddedBy(author, now));
            duplicates.AddRange(raced);
            if (added > 0)
            {
                // The rows are written; the course's history names who added them (one line per request, under the course's ETag).
                var recorded = await courseStore.UpdateCourseAsync(
                    id, c => Outcome<Course>.Done(CourseHistory.Record(c, author, now, CourseHistory.InviteesAdded, CourseHistory.Count(added))), cancellationToken);
                course = recorded.Value ?? course;
            }

            if (added > 0 && course.Phase == CoursePhase.Inviting)
            {
                await flows.WakeAsync(course, "invitees", cancellationToken);
            }

            LogImported(logger, id, added, duplicates.Count, rejected.Count);
            return Results.Json(
                new { added, duplicates = duplicates.OrderBy(d => d.Row).ToList(), rejected = rejected.Select(r => new { r.Row, Reason = words.Say(r.Reason, request) }).ToList() },
                WorkflowJson.Options);
        }, cancellationToken);
    }

    /// <summary>The course's invitees; texts a person reads in them (why an email failed) in the request's language.</summary>
    public Task<IResult> ListInviteesAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return courseStore.WithCourseAsync(id, async course =>
        {
            var invitees = await inviteeStore.ListInviteesAsync(id, cancellationToken);
            return Results.Json(invitees.Select(i => InviteeView.From(i, invitees, course.SessionIds, p => words.Say(p, request))).ToList(), WorkflowJson.Options);
        }, cancellationToken);
    }

    /// <summary>Starts the course flow once: 202 with the instance id, 409 when already started.</summary>
    public Task<IResult> StartAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return courseStore.WithCourseAsync(id, async course =>
        {
            if (!await courseStore.TryStartAsync(id, time.GetUtcNow(), request.Caller().Author, cancellationToken))
            {
                return Problems.Conflict(Phrase.Of("error.courseAlreadyStarted", ("phase", CoursePhases.Named(course.Phase))));
            }

            try
            {
                if (!await flows.StartAsync(course, cancellationToken))
                {
                    return Problems.Conflict(Phrase.Of("error.courseFlowAlreadyRunning"));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartFailed(logger, ex, id);
                await courseStore.RevertStartAsync(id, CancellationToken.None);
                return Problems.Unavailable(Phrase.Of("error.courseFlowNotScheduled"));
            }

            LogStarted(logger, id);
            return Results.Json(new { instanceId = course.InstanceId }, WorkflowJson.Options, statusCode: StatusCodes.Status202Accepted);
        }, cancellationToken);
    }

    /// <summary>
    /// A JSON array of <c>{name, email, unit, position}</c>, or a list file (<c>text/csv</c>, .xlsx, or a type the content
    /// decides, <see cref="ListImport.ClaimOfMedia"/>), read under the request limits through the one list pipeline.
    /// </summary>
    private static async Task<(IReadOnlyList<NumberedRow>? Rows, IResult? Problem)> ReadInviteesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var media = request.ContentType?.Split(';', 2)[0].Trim() ?? string.Empty;
        if (ListImport.ClaimOfMedia(media) is { } claim)
        {
            var (body, problem) = await RequestReader.ReadBodyAsync(request, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            var (fileRows, fileError) = ListImport.FromFile(body!, claim);
            return fileError is null ? (fileRows, null) : (null, Problems.Validation("body", fileError));
        }

        if (media.Length > 0 && !media.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType("application/json, text/csv, " + ListImport.XlsxMediaType));
        }

        var (items, jsonProblem) = await RequestReader.ReadJsonAsync<List<InviteeInput?>>(request, cancellationToken);
        if (jsonProblem is not null)
        {
            return (null, jsonProblem);
        }

        var (jsonRows, jsonError) = InviteeImport.FromJson(items!);
        return jsonError is null ? (jsonRows, null) : (null, Problems.Validation("body", jsonError));
    }

    private async Task<CourseView> ViewAsync(Course course, CancellationToken cancellationToken) =>
        CourseView.From(course, await inviteeStore.CountAsync(course.Id, cancellationToken, course.SessionIds, course.Tallied));

    internal static CourseDefinition Normalize(CourseDefinition d) => d with
    {
        Title = d.Title.Trim(),
        Venue = d.Venue.Trim(),
        Presenters = d.Presenters.Select(p => p.Trim()).ToList(),
        OrganiserEmails = d.OrganiserEmails.Select(e => e.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        Sessions = d.Sessions.OrderBy(s => s.Start).ToList(),
        Letter = d.Letter is null
            ? null
            : new LetterSigner(d.Letter.SignerName.Trim(), d.Letter.SignerTitle.Trim(), string.IsNullOrWhiteSpace(d.Letter.Authority) ? null : d.Letter.Authority.Trim()),
        Reminders = d.Reminders is null
            ? new ReminderPolicy()
            : d.Reminders with { BeforeRsvpDeadline = d.Reminders.BeforeRsvpDeadline ?? [], BeforeCourse = d.Reminders.BeforeCourse ?? [] },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} created")]
    private static partial void LogCreated(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: {Added} invitees added, {Duplicates} duplicates, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, string courseId, int added, int duplicates, int rejected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} flow started")]
    private static partial void LogStarted(ILogger logger, string courseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Course {CourseId} flow could not be scheduled")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string courseId);
}

public sealed record CourseView(
    string Id,
    string Title,
    string? Description,
    IReadOnlyList<string> Presenters,
    string Venue,
    IReadOnlyList<CourseSession> Sessions,
    DateTimeOffset RsvpDeadline,
    int? Capacity,
    IReadOnlyList<string> OrganiserEmails,
    string Language,
    ReminderPolicy Reminders,
    CoursePhase Phase,
    CourseCounts Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    string? InstanceId,
    IReadOnlyList<HistoryEntry> History)
{
    /// <summary>The schedule's warnings (sessions on a holiday or a weekend), in the answers to create and reschedule only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CourseWarning>? Warnings { get; init; }

    /// <summary>Who signs the course's letters (issue 18), as the organiser set it; null: the course sends none.</summary>
    public LetterSigner? Letter { get; init; }

    public static CourseView From(Course c, CourseCounts counts)
    {
        ArgumentNullException.ThrowIfNull(c);
        var d = c.Definition;
        return new CourseView(
            c.Id, d.Title, d.Description, d.Presenters, d.Venue, d.Sessions, c.RsvpDeadline, d.Capacity, d.OrganiserEmails,
            d.Language, d.Reminders, c.Phase, counts, c.CreatedAt, c.StartedAt, c.Phase == CoursePhase.Draft ? null : c.InstanceId, c.History)
        {
            Letter = d.Letter,
        };
    }
}

/// <summary>
/// An invitee as the organiser reads him (<c>GET /api/courses/{id}/invitees</c>): the stored <see cref="Invitee"/>'s own fields,
/// read from it, then what is worked out from it (attendance per session, survey and report sent, the waiting-list position,
/// why the last email failed in the reader's words).
/// </summary>
public sealed class InviteeView
{
    private readonly Invitee _invitee;

    private InviteeView(Invitee invitee, IReadOnlyList<string?> attendance, int? waitlistPosition, string? emailError)
    {
        _invitee = invitee;
        Attendance = attendance;
        WaitlistPosition = waitlistPosition;
        EmailError = emailError;
    }

    public string Id => _invitee.Id;
    public string Name => _invitee.Name;
    public string Email => _invitee.Email;
    public string? Unit => _invitee.Unit;
    public string? Position => _invitee.Position;
    public InviteeStatus Status => _invitee.Status;
    public DateTimeOffset? RepliedAt => _invitee.RepliedAt;
    public bool Late => _invitee.Late;
    public string? Reason => _invitee.Reason;
    public string? DelegatedTo => _invitee.DelegatedTo;
    public EmailStatus EmailStatus => _invitee.EmailStatus;
    public IReadOnlyList<string?> Attendance { get; }
    public bool Surveyed => _invitee.Survey is not null;
    public bool Reported => _invitee.Report is not null;
    public int? WaitlistPosition { get; }
    public IReadOnlyList<AuditEntry> Audit => _invitee.Audit;
    public string? EmailError { get; }
    public string? CertificateNumber => _invitee.CertificateNumber;

    /// <param name="others">The course's invitees (or its waitlist), for the waitlist position.</param>
    /// <param name="sessionIds">The course's sessions in order (<see cref="Course.SessionIds"/>): attendance is listed per session.</param>
    /// <param name="say">A phrase in the reader's words (the request's language): why the last email failed is shown as a sentence.</param>
    public static InviteeView From(Invitee i, IEnumerable<Invitee> others, IReadOnlyList<string> sessionIds, Func<Phrase, string> say)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(say);
        return new InviteeView(i, Sessions(i, sessionIds), InviteeRules.WaitlistPosition(i, others), i.EmailError is { } failure ? say(failure.Said) : null);
    }

    /// <summary>Attendance per session in session order: <c>present</c>, <c>absent</c>, <c>excused</c>, or null when not marked (yet).</summary>
    private static List<string?> Sessions(Invitee i, IReadOnlyList<string> sessionIds) =>
        [.. sessionIds.Select(id => i.AttendanceFor(id) is { } mark ? InviteeRules.Name(mark.Status) : null)];
}
