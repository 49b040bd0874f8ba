namespace Workflow.Courses.Calendar;

/// <summary>
/// The emails that carry the course's calendar file (SPEC §2 step 7): the accept confirmation, the course reminder, the
/// promotion (the confirmation of people promoted from the waitlist) and the reschedule notice to accepted people.
/// The file's description holds the person's own page link, so each of these is one batch per person (the batch's
/// attachment is that person's file). Values go to the renderer raw; the renderer neutralises them for the file too.
/// </summary>
public sealed class CalendarEmails(TemplateRenderer templates, CourseEmails emails, CourseChangeEmails changes, Attendance.CheckInLinks checkIns, IOptions<WorkflowOptions> options)
{
    /// <summary>"Your seat is registered", once per acceptance: the id names the acceptance by its arrival number.</summary>
    public EmailBatch Confirmation(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        return Personal(course, invitee, "confirmation", "confirmationSubject", ConfirmationId(course, invitee), emails.ReplyLink(course, invitee));
    }

    /// <summary>The message id of the confirmation of <paramref name="invitee"/>'s current acceptance.</summary>
    public static string ConfirmationId(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"confirmation:{course.Id}:{invitee.Id}:{invitee.Arrival ?? 0}");
    }

    /// <summary>The reminder before the course (venue, times, the file), once per person and reminder time; its personal link
    /// is the person's check-in page (with the QR code to show at the door).</summary>
    public EmailBatch CourseReminder(Course course, Invitee invitee, DateTimeOffset reminderFor)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        return Personal(course, invitee, "course-reminder", "courseReminderSubject", string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"courseReminder:{course.Id}:{invitee.Id}:{reminderFor.UtcTicks}"), checkIns.Link(course, invitee));
    }

    /// <summary>"A seat is now yours" with the file: for a promoted person it is the confirmation.</summary>
    public EmailBatch Promotion(Course course, Invitee invitee) =>
        emails.Promotion(course, [invitee]) with { Attachments = [File(course, invitee)] };

    /// <summary>The notice of change <paramref name="version"/> to an accepted person, with the updated file (SEQUENCE raised).</summary>
    public EmailBatch Rescheduled(Course course, Invitee invitee, int version) =>
        changes.Rescheduled(course, [invitee], version, calendar: true) with { Attachments = [File(course, invitee)] };

    /// <summary>The person's calendar file of the course as it is now.</summary>
    public EmailAttachment File(Course course, Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var language = course.Definition.Language;
        var model = emails.CourseModel(course);
        model["page_link"] = emails.ReplyLink(course, invitee);
        var text = new CalendarText(
            templates.RenderString("calendarSummary", model, language),
            templates.RenderString("calendarLocation", model, language),
            templates.Render("calendar-description", html: false, model, language).Trim());
        return new EmailAttachment(CourseCalendar.FileName(language), CourseCalendar.ContentType, CourseCalendar.Build(course, text, options.Value.OrganisationName));
    }

    private EmailBatch Personal(Course course, Invitee invitee, string template, string subjectKey, string messageId, string link)
    {
        var model = emails.CourseModel(course);
        var batch = templates.Email(template, subjectKey, model, course.Definition.Language, [new EmailTo(messageId, invitee.Email, invitee.Name, link)]);
        return batch with { Attachments = [File(course, invitee)] };
    }
}
