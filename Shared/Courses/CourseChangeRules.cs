using Workflow.Access;

namespace Workflow.Courses;

/// <summary>
/// The organiser's changes to a course as pure transitions (cancel, edit/reschedule, remind now): each takes the
/// stored course and answers the new course or why not. The API reads the request, calls these inside the course
/// row's ETag update, and then wakes the flow.
/// </summary>
public static class CourseChangeRules
{
    /// <summary>Fields a started course may still change (SPEC §4 PATCH).</summary>
    public static readonly IReadOnlySet<string> AfterStart = new HashSet<string>(StringComparer.Ordinal) { "sessions", "venue", "rsvpDeadline", "reminders", "letter" };

    /// <summary>Cancels the course: phase <c>cancelled</c> with the reason; a started course's flow then tells the people concerned.</summary>
    public static Outcome<Course> Cancel(Course course, string? reason, DateTimeOffset now, Author by)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(by);
        var errors = new ValidationErrors();
        var text = reason?.Trim() ?? string.Empty;
        errors.Require(text.Length > 0, "reason", Phrase.Of("error.aReasonIsRequired"));
        errors.Require(text.Length <= CourseValidation.MaxReason, "reason", Phrase.Of("error.atMostCharacters", ("max", CourseValidation.MaxReason)));
        errors.Require(TextRules.IsSingleLine(text), "reason", Phrase.Of("error.oneParagraphWithoutLineBreaks"));
        if (errors.Count > 0)
        {
            return Outcome<Course>.Invalid(errors.ToList());
        }

        if (course.Phase is CoursePhase.Cancelled or CoursePhase.Completed)
        {
            return Outcome<Course>.Conflict(Phrase.Of(course.Phase == CoursePhase.Cancelled ? "error.theCourseIsAlreadyCancelled" : "error.theCourseIsAlreadyCompleted"));
        }

        // A draft has no flow and nobody was told anything: nothing to send.
        return Outcome<Course>.Done(CourseHistory.Record(
            course with
            {
                Phase = CoursePhase.Cancelled,
                Changes = course.State with { CancelReason = text, CancelledAt = now, CancellationSent = course.Phase == CoursePhase.Draft },
            },
            by,
            now,
            CourseHistory.Cancelled,
            text));
    }

    /// <summary>
    /// Applies an edit: <paramref name="fields"/> are the top-level fields the PATCH named, <paramref name="edited"/>
    /// the whole definition after merging them. A draft may change anything; a started course only its sessions,
    /// venue, RSVP deadline (while inviting and before the deadline passed) and reminder policy. The whole result
    /// must pass <see cref="CourseValidation"/>. A change of times, venue or deadline on a started course raises the
    /// change version: the flow sends one notice (old and new) for it.
    /// <para>Sessions keep their ids (<see cref="CourseSessions.Match"/>: by the id sent back, else by the same times),
    /// so attendance marks stay with their sessions; a session that holds marks (<paramref name="markedSessions"/>)
    /// cannot be taken off the schedule (400 naming <c>sessions</c>).</para>
    /// </summary>
    /// <param name="by">Who edits: the course's history names him, with the fields he named.</param>
    /// <param name="markedSessions">The ids of the sessions someone holds an attendance mark for (none when not given).</param>
    public static Outcome<Course> Edit(
        Course course, IReadOnlyCollection<string> fields, CourseDefinition edited, DateTimeOffset now, Author by, IReadOnlySet<string>? markedSessions = null)
    {
        markedSessions ??= new HashSet<string>(StringComparer.Ordinal);
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(by);
        if (course.Phase is not (CoursePhase.Draft or CoursePhase.Inviting or CoursePhase.RsvpClosed))
        {
            return Outcome<Course>.Conflict(Phrase.Of("error.aCourseCannotBeChanged", ("phase", CoursePhases.Named(course.Phase))));
        }

        var started = course.Phase != CoursePhase.Draft;
        var locked = started ? fields.Where(f => !AfterStart.Contains(f)).Order(StringComparer.Ordinal).ToList() : [];
        if (locked.Count > 0)
        {
            return Outcome<Course>.Conflict(
                Phrase.Of("error.afterTheStartOnlySessionsVenueRsvpdeadline", ("locked", string.Join(", ", locked))));
        }

        var deadlineMoves = edited.RsvpDeadline != course.Definition.RsvpDeadline;
        if (started && deadlineMoves && (course.Phase != CoursePhase.Inviting || course.RsvpDeadline <= now))
        {
            return Outcome<Course>.Conflict(Phrase.Of("error.theRsvpDeadlineHasPassedItCan"));
        }

        // Each session sent is one of the course's (by id, else by the same times) or a new one with a new id.
        var existing = course.Definition.Sessions.Select((s, n) => (Id: course.SessionId(n), Session: s)).ToList();
        var (matched, idErrors) = CourseSessions.Match(course.Definition.Sessions, edited.Sessions ?? [], markedSessions);
        edited = edited with { Sessions = matched };

        // An unchanged deadline that has passed (RSVP closed) is not a mistake of this edit.
        var validationNow = !deadlineMoves && course.RsvpDeadline <= now ? course.RsvpDeadline.AddTicks(-1) : now;
        var errors = ToList(CourseValidation.Validate(edited, validationNow));
        errors.AddRange(idErrors);
        for (var i = 0; i < matched.Count; i++)
        {
            if (matched[i] is { } s && !existing.Any(b => b.Id == s.Id && b.Session.SameTimes(s)) && s.Start <= now)
            {
                errors.Add(new ValidationError($"sessions[{i}]", Phrase.Of("error.aNewOrMovedSessionMustStart")));
            }
        }

        // A session someone holds a mark for stays: its marks would have no session left.
        var kept = matched.Where(s => s is not null).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        for (var n = 0; n < existing.Count; n++)
        {
            var (id, session) = existing[n];
            if (!kept.Contains(id) && markedSessions.Contains(id))
            {
                var number = n + 1;
                errors.Add(new ValidationError("sessions", Phrase.Of("sessionHasMarks", ("n", number), ("when", new TimeRange(session.Start, session.End)), ("id", id))));
            }
        }

        if (errors.Count > 0)
        {
            return Outcome<Course>.Invalid(errors);
        }

        var definition = CourseApi.Normalize(edited);
        var state = course.State;
        var before = CourseTimes.Of(course.Definition);
        var recorded = CourseHistory.Record(course, by, now, CourseHistory.Edited, string.Join(",", fields.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
        if (!started || before.SameAs(CourseTimes.Of(definition)))
        {
            return Outcome<Course>.Done(recorded with { Definition = definition });
        }

        {
            // People are told once per change; the "before" is what they last heard, kept while a notice is still due.
            state = state with
            {
                Version = state.Version + 1,
                ChangedAt = now,
                Previous = state.NoticeDue ? state.Previous ?? before : before,
            };
        }

        return Outcome<Course>.Done(recorded with { Definition = definition, Changes = state });
    }

    /// <summary>
    /// Queues a remind-now request on an inviting course (its milestone sends it), with the history line of who asked and
    /// for how many people (<paramref name="people"/>); the same request again changes nothing.
    /// </summary>
    public static Outcome<Course> RemindNow(Course course, string requestId, DateTimeOffset now, Author by, int people)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(by);
        if (course.Phase != CoursePhase.Inviting)
        {
            return Outcome<Course>.Conflict(Phrase.Of("error.remindersCanBeSentWhileTheCourse", ("phase", CoursePhases.Named(course.Phase))));
        }

        return course.State.RemindNow.Any(r => r.RequestId == requestId)
            ? Outcome<Course>.Done(course)
            : Outcome<Course>.Done(CourseHistory.Record(
                course with { Changes = course.State with { RemindNow = [.. course.State.RemindNow, new RemindNowRef(requestId, now)] } },
                by,
                now,
                CourseHistory.RemindersSent,
                CourseHistory.Count(people)));
    }

    private static List<ValidationError> ToList(IDictionary<string, Phrase[]> errors) =>
        [.. errors.SelectMany(e => e.Value.Select(m => new ValidationError(e.Key, m)))];
}
