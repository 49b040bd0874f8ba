using System.Net.Mail;
using System.Xml;

namespace Workflow.Courses;

/// <summary>Validation of what organisers send; every message names the field it is about.</summary>
public static class CourseValidation
{
    public const int MaxTitle = 300;
    public const int MaxDescription = 4000;
    public const int MaxName = 200;
    public const int MaxReason = 1000;

    public static Dictionary<string, string[]> Validate(CourseDefinition course, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var errors = new Errors();
        errors.Require(!string.IsNullOrWhiteSpace(course.Title), "title", "A title is required.");
        errors.Require((course.Title?.Length ?? 0) <= MaxTitle, "title", $"At most {MaxTitle} characters.");
        errors.Require((course.Description?.Length ?? 0) <= MaxDescription, "description", $"At most {MaxDescription} characters.");
        errors.Require(!string.IsNullOrWhiteSpace(course.Venue), "venue", "A venue is required.");
        errors.Require(course.Presenters is not null && course.Presenters.All(p => !string.IsNullOrWhiteSpace(p) && p.Length <= MaxName), "presenters", "Each presenter needs a name of at most 200 characters.");
        errors.Require(course.Language is "vi" or "en", "language", "Use \"vi\" or \"en\".");
        errors.Require(course.Capacity is null or > 0, "capacity", "The capacity must be positive.");

        var sessions = course.Sessions ?? [];
        errors.Require(sessions.Count > 0, "sessions", "At least one session is required.");
        for (var i = 0; i < sessions.Count; i++)
        {
            errors.Require(sessions[i] is not null && sessions[i].End > sessions[i].Start, $"sessions[{i}]", "The end must be after the start.");
        }

        if (course.RsvpDeadline is not { } deadline)
        {
            errors.Add("rsvpDeadline", "An RSVP deadline is required.");
        }
        else
        {
            errors.Require(deadline > now, "rsvpDeadline", "The RSVP deadline must be in the future.");
            if (sessions.Count > 0 && sessions.All(s => s is not null))
            {
                errors.Require(deadline <= sessions.Min(s => s.Start), "rsvpDeadline", "The RSVP deadline must not be after the first session starts.");
            }
        }

        var organisers = course.OrganiserEmails ?? [];
        errors.Require(organisers.Count > 0, "organiserEmails", "At least one organiser email is required.");
        errors.Require(organisers.All(IsEmail), "organiserEmails", "Each organiser email must be a valid address.");

        var reminders = course.Reminders ?? new ReminderPolicy();
        ValidateDurations(errors, "reminders.beforeRsvpDeadline", reminders.BeforeRsvpDeadline);
        ValidateDurations(errors, "reminders.beforeCourse", reminders.BeforeCourse);
        return errors.ToDictionary();
    }

    public static bool IsEmail(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Trim() != value)
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Emails compare case-insensitively, trimmed (SPEC §2 step 2).</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Parses an ISO-8601 duration of days, hours, minutes and seconds (<c>P3D</c>, <c>PT30S</c>); years and months are refused as ambiguous.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith('P'))
        {
            return false;
        }

        var datePart = text.Split('T', 2)[0];
        if (datePart.Contains('Y', StringComparison.Ordinal) || datePart.Contains('M', StringComparison.Ordinal) || text.StartsWith('-'))
        {
            return false;
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static void ValidateDurations(Errors errors, string field, IReadOnlyList<string>? durations)
    {
        if (durations is null)
        {
            return;
        }

        for (var i = 0; i < durations.Count; i++)
        {
            errors.Require(TryParseDuration(durations[i], out _), $"{field}[{i}]", "Use a positive ISO-8601 duration such as P3D, PT12H or PT30S.");
        }
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public void Require(bool condition, string field, string message)
        {
            if (!condition)
            {
                Add(field, message);
            }
        }

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() =>
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
