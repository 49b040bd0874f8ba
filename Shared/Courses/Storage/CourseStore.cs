using System.Security.Cryptography;
using Workflow.Access;

namespace Workflow.Courses.Storage;

/// <summary>
/// The Courses table, the source of truth that pages and the API read: PK = course id, RK = "course". The only code that
/// names its columns (<see cref="CourseEntity"/>). A change of the phase or the definition raises the course's guard and
/// replaces its guard row (<see cref="CourseGuard"/>), so replies decided on an older copy fail.
/// </summary>
public sealed class CourseStore(TableServiceClient service, TableInitializer init)
{
    public const string Table = "Courses";
    private const string CourseRowKey = "course";

    /// <summary>The course columns the list reads (not the organiser's changes or the milestones done).</summary>
    private static readonly string[] ListColumns = ["PartitionKey", "RowKey", nameof(CourseEntity.Title), nameof(CourseEntity.Phase), nameof(CourseEntity.Definition), nameof(CourseEntity.CreatedAt), nameof(CourseEntity.StartedAt)];

    private readonly TableClient _courses = service.GetTableClient(Table);
    private readonly CourseGuard _guard = new CourseGuard(service, init);
    private readonly TableInitializer _init = init;

    public static string NewCourseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Ids come from URLs and links: only the characters our ids use may reach a table key.</summary>
    public static bool IsValidKey(string? id) => ResourceIds.IsValid(id);

    public async Task CreateAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        await _init.EnsureAsync(_courses, cancellationToken);
        // Created with tally rows kept from its first invitee on (every invitee write carries its delta).
        await _courses.AddEntityAsync(CourseEntity.From(course with { Tallied = true }), cancellationToken);
    }

    public async Task<Course?> GetAsync(string courseId, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(courseId, cancellationToken);
        return entity?.ToCourse();
    }

    /// <summary>The course a flow step is about: it exists (a flow runs only for a stored course), else a programming error.</summary>
    public async Task<Course> RequireAsync(string courseId, CancellationToken cancellationToken) =>
        await GetAsync(courseId, cancellationToken) ?? throw new InvalidOperationException($"Course {courseId} does not exist.");

    /// <summary>
    /// Moves a draft course to inviting, exactly once even under concurrent starts (decided on the row under its ETag, again on
    /// a fresh read after a conflict), with the <see cref="CourseHistory.Started"/> line of <paramref name="by"/> in the same write.
    /// </summary>
    public async Task<bool> TryStartAsync(string courseId, DateTimeOffset now, Author by, CancellationToken cancellationToken)
    {
        var outcome = await UpdateCourseAsync(
            courseId,
            c => c.Phase != CoursePhase.Draft
                ? Outcome<Course>.Conflict(Phrase.Of("error.alreadyDone"))
                : Outcome<Course>.Done(CourseHistory.Record(c with { Phase = CoursePhase.Inviting, StartedAt = now }, by, now, CourseHistory.Started)),
            cancellationToken);
        return outcome.IsDone;
    }

    /// <summary>Course ids in a phase (courses are few: hundreds a year).</summary>
    public async Task<List<string>> ListIdsInPhaseAsync(CoursePhase phase, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_courses, cancellationToken);
        var name = phase.ToString();
        var ids = new List<string>();
        await foreach (var e in _courses.QueryAsync<CourseEntity>(e => e.Phase == name, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            ids.Add(e.PartitionKey);
        }

        return ids;
    }

    /// <summary>Undoes <see cref="TryStartAsync"/> when the flow could not be scheduled, so the organiser can try again (its history line goes too).</summary>
    public async Task RevertStartAsync(string courseId, CancellationToken cancellationToken) =>
        await UpdateCourseAsync(
            courseId,
            c => c.Phase != CoursePhase.Inviting
                ? Outcome<Course>.Conflict(Phrase.Of("error.alreadyDone"))
                : Outcome<Course>.Done(CourseHistory.WithoutLastStart(c with { Phase = CoursePhase.Draft, StartedAt = null })),
            cancellationToken);

    /// <summary>A phase change: the course row under its ETag with its guard moved on, then the guard row every reply carries.</summary>
    private async Task ReplaceMovingGuardAsync(CourseEntity entity, CancellationToken cancellationToken)
    {
        entity.Guard++;
        await _courses.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
        await _guard.SyncAsync(entity.PartitionKey, entity.Guard, cancellationToken);
    }

    /// <summary>Sets the phase if the course is currently in <paramref name="from"/>; returns whether it changed.</summary>
    public async Task<bool> TryMovePhaseAsync(string courseId, CoursePhase from, CoursePhase to, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(courseId, cancellationToken);
        if (entity is null || entity.Phase != from.ToString())
        {
            return false;
        }

        entity.Phase = to.ToString();
        try
        {
            await ReplaceMovingGuardAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return await TryMovePhaseAsync(courseId, from, to, cancellationToken);
        }
    }

    /// <summary>
    /// Changes the course row under optimistic concurrency: <paramref name="change"/> decides on the current course
    /// (definition, phase and <see cref="CourseChanges"/>) and the result is written with the row's ETag; on a
    /// conflict it decides again on a fresh read. A refusal is returned as is and nothing is written; so is a change that
    /// answers the very course it was given (nothing to change). A change of the phase or the definition raises the
    /// course's guard (see <see cref="Course.Guard"/>), so replies decided on an older copy fail.
    /// </summary>
    public async Task<Outcome<Course>> UpdateCourseAsync(string courseId, Func<Course, Outcome<Course>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await GetEntityAsync(courseId, cancellationToken);
            if (entity is null)
            {
                return Outcome<Course>.NotFound(Phrase.Of("error.noCourse", ("courseId", ResourceIds.Shown(courseId))));
            }

            var current = entity.ToCourse();
            var outcome = change(current);
            if (!outcome.IsDone || ReferenceEquals(outcome.Value, current))
            {
                // Refused, or nothing to change (the change answered the course it was given): nothing is written, so
                // idempotent repeats (a retried request, clients racing with one Idempotency-Key) never contend for the ETag.
                return outcome;
            }

            var updated = CourseEntity.From(outcome.Value!);
            var guarded = updated.Phase != entity.Phase || updated.Definition != entity.Definition;
            updated.Guard = entity.Guard + (guarded ? 1 : 0);
            try
            {
                await _courses.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                if (guarded)
                {
                    await _guard.SyncAsync(courseId, updated.Guard, cancellationToken);
                }

                return Outcome<Course>.Done(outcome.Value! with { Guard = updated.Guard });
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // Changed meanwhile (a phase move, another change): decide again on fresh data, after a short random
                // pause so that writers racing for the row do not meet again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records that milestone <paramref name="key"/> is done and, when <paramref name="phase"/> is given, moves the course to
    /// it in the same write (unless the course was cancelled meanwhile). Idempotent; returns the course as stored after.
    /// </summary>
    public async Task<Course?> MarkMilestoneDoneAsync(string courseId, string key, CoursePhase? phase, CancellationToken cancellationToken)
    {
        var outcome = await UpdateCourseAsync(
            courseId,
            c => c.Progress.IsDone(key) && (phase is null || c.Phase == phase || c.Phase == CoursePhase.Cancelled)
                ? Outcome<Course>.Conflict(Phrase.Of("error.alreadyDone"))
                : Outcome<Course>.Done(c with
                {
                    Progress = c.Progress.With(key),
                    Phase = phase is { } p && c.Phase != CoursePhase.Cancelled ? p : c.Phase,
                }),
            cancellationToken);
        return outcome.IsDone ? outcome.Value : await GetAsync(courseId, cancellationToken);
    }

    /// <summary>
    /// Every course, optionally of one phase, read with a projection (courses are few: hundreds a year). The definition is
    /// whole; the organiser's changes and the milestones done are not read (they are empty in the result).
    /// </summary>
    public async Task<List<Course>> ListCoursesAsync(CoursePhase? phase, CancellationToken cancellationToken)
    {
        await _init.EnsureAsync(_courses, cancellationToken);
        var name = phase?.ToString();
        var query = name is null
            ? _courses.QueryAsync<CourseEntity>(e => e.RowKey == CourseRowKey, select: ListColumns, cancellationToken: cancellationToken)
            : _courses.QueryAsync<CourseEntity>(e => e.RowKey == CourseRowKey && e.Phase == name, select: ListColumns, cancellationToken: cancellationToken);
        var list = new List<Course>();
        await foreach (var e in query)
        {
            list.Add(e.ToCourse());
        }

        return list;
    }

    /// <summary>Whether <paramref name="course"/> is still the course as stored (its guard row exists), for decisions that write nothing.</summary>
    public async Task<bool> IsCurrentAsync(Course course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        if (await _guard.ExistsAsync(course, cancellationToken))
        {
            return true;
        }

        var stored = await GetAsync(course.Id, cancellationToken);
        if (stored is null || stored.Guard != course.Guard)
        {
            return false;
        }

        // The course row is at this version but its guard row is missing (a course started before guards, or a
        // process that died between the two writes): put it in place; the copy is current.
        await _guard.SyncAsync(course.Id, stored.Guard, cancellationToken);
        return true;
    }

    /// <summary>
    /// After a refused write: the course as stored, its guard row in place. Null when the course is gone.
    /// </summary>
    internal async Task<Course?> RefreshAfterGuardAsync(Course tried, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(tried.Id, cancellationToken);
        if (stored is not null && stored.Guard == tried.Guard)
        {
            // Same version, no row: started before guards existed, or the writer of the version died before its guard row.
            await _guard.SyncAsync(stored.Id, stored.Guard, cancellationToken);
        }

        return stored;
    }

    private async Task<CourseEntity?> GetEntityAsync(string courseId, CancellationToken cancellationToken)
    {
        if (!IsValidKey(courseId))
        {
            return null;
        }

        await _init.EnsureAsync(_courses, cancellationToken);
        var response = await _courses.GetEntityIfExistsAsync<CourseEntity>(courseId, CourseRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private sealed class CourseEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;
        public string RowKey { get; set; } = CourseRowKey;
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Title { get; set; } = string.Empty;
        public string Phase { get; set; } = nameof(CoursePhase.Draft);
        public string Definition { get; set; } = "{}";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }

        /// <summary>The organiser's changes and their progress (<see cref="CourseChanges"/>, JSON; empty for none).</summary>
        public string? Changes { get; set; }

        /// <summary>Milestones of the course's later phases that are done (<see cref="CourseProgress"/>, JSON; empty for none).</summary>
        public string? Progress { get; set; }

        /// <summary>The version of the course's guard row (<see cref="Course.Guard"/>).</summary>
        public long Guard { get; set; }

        /// <summary>The course keeps tally rows (<see cref="Course.Tallied"/>).</summary>
        public bool Tallied { get; set; }

        /// <summary>Who changed the course, what and when (<see cref="CourseHistory"/>, JSON; empty for none).</summary>
        public string? History { get; set; }

        /// <summary>The numbers of the course's letters (<see cref="CourseLetterNumbers"/>, JSON; empty for none).</summary>
        public string? Letters { get; set; }

        public static CourseEntity From(Course c) => new()
        {
            PartitionKey = c.Id,
            Title = c.Definition.Title,
            Phase = c.Phase.ToString(),
            Definition = JsonSerializer.Serialize(c.Definition, WorkflowJson.Options),
            CreatedAt = c.CreatedAt,
            StartedAt = c.StartedAt,
            Changes = c.Changes is null ? null : JsonSerializer.Serialize(c.Changes, WorkflowJson.Options),
            Progress = c.Progress.Done.Count == 0 && c.Progress.GradeRound == 0 ? null : JsonSerializer.Serialize(c.Progress, WorkflowJson.Options),
            Guard = c.Guard,
            Tallied = c.Tallied,
            History = c.History.Count == 0 ? null : Access.History.ToStored(c.History),
            Letters = c.Letters == CourseLetterNumbers.None ? null : JsonSerializer.Serialize(c.Letters, WorkflowJson.Options),
        };

        public Course ToCourse() => new(
            PartitionKey,
            CourseSessions.WithIds(JsonSerializer.Deserialize<CourseDefinition>(Definition, WorkflowJson.Options) ?? new CourseDefinition()),
            Enum.Parse<CoursePhase>(Phase),
            CreatedAt,
            StartedAt,
            string.IsNullOrEmpty(Changes) ? null : JsonSerializer.Deserialize<CourseChanges>(Changes, WorkflowJson.Options))
        {
            Progress = string.IsNullOrEmpty(Progress) ? CourseProgress.None : JsonSerializer.Deserialize<CourseProgress>(Progress, WorkflowJson.Options) ?? CourseProgress.None,
            Guard = Guard,
            Tallied = Tallied,
            History = Access.History.FromStored(History),
            Letters = string.IsNullOrEmpty(Letters) ? CourseLetterNumbers.None : JsonSerializer.Deserialize<CourseLetterNumbers>(Letters, WorkflowJson.Options) ?? CourseLetterNumbers.None,
        };
    }
}
