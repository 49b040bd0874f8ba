namespace Workflow.Courses;

/// <summary>
/// The emails of the organiser's changes: cancellation, reschedule notice, remind now. Values go to the renderer
/// raw (it neutralises them); message ids are deterministic, so a re-run that slipped past the table marks is
/// still dropped by the dev outbox (SendGrid is protected by the marks themselves).
/// </summary>
public sealed class CourseChangeEmails(TemplateRenderer templates, CourseEmails emails)
{
    /// <summary>One cancellation email per person, with the organiser's reason; no reply link (nothing to answer).</summary>
    public EmailBatch Cancellation(Course course, IReadOnlyList<Invitee> invitees)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invitees.Count, EmailBatch.MaxRecipients);
        var model = emails.CourseModel(course);
        model["reason"] = course.State.CancelReason ?? string.Empty;
        var recipients = invitees.Select(i => new EmailTo($"cancelled:{course.Id}:{i.Id}", i.Email, i.Name)).ToList();
        return templates.Email("course-cancelled", "cancelledSubject", model, course.Definition.Language, recipients);
    }

    /// <summary>The notice of change <paramref name="version"/>: the times, venue and deadline before and now, and the reply link.</summary>
    /// <param name="calendar">The batch carries the updated calendar file (accepted people: see <see cref="Calendar.CalendarEmails.Rescheduled"/>).</param>
    public EmailBatch Rescheduled(Course course, IReadOnlyList<Invitee> invitees, int version, bool calendar = false)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invitees.Count, EmailBatch.MaxRecipients);
        var language = course.Definition.Language;
        var before = course.State.Previous ?? CourseTimes.Of(course.Definition);
        var model = emails.CourseModel(course);
        model["old_sessions"] = before.Sessions.OrderBy(s => s.Start).Select(s => VietnamTime.FormatRange(s.Start, s.End, language)).ToList();
        model["old_venue"] = before.Venue;
        model["old_deadline"] = before.RsvpDeadline is { } d ? VietnamTime.Format(d, language) : string.Empty;
        model["venue_changed"] = before.Venue != course.Definition.Venue;
        model["deadline_changed"] = before.RsvpDeadline != course.Definition.RsvpDeadline;
        model["calendar"] = calendar;
        var recipients = invitees
            .Select(i => new EmailTo($"rescheduled:{course.Id}:{i.Id}:{version}", i.Email, i.Name, emails.ReplyLink(course, i)))
            .ToList();
        return templates.Email("course-rescheduled", "rescheduledSubject", model, language, recipients);
    }

    /// <summary>A reminder asked for now (the reminder template), once per person and request.</summary>
    public EmailBatch RemindNow(Course course, IReadOnlyList<Invitee> invitees, string requestId)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invitees.Count, EmailBatch.MaxRecipients);
        var recipients = invitees
            .Select(i => new EmailTo($"remind-now:{course.Id}:{requestId}:{i.Id}", i.Email, i.Name, emails.ReplyLink(course, i)))
            .ToList();
        return templates.Email("reminder", "reminderSubject", emails.CourseModel(course), course.Definition.Language, recipients);
    }
}
