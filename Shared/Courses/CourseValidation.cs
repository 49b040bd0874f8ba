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
    public const int MaxSessions = 20;
    public const int MaxPresenters = 20;
    public const int MaxOrganisers = 20;
    public const int MaxOffsets = 10;
    public const int MaxCapacity = 100_000;
    public const int MaxUnitQuotas = 500;

    /// <summary>The longest offset or period a policy may give (one year): longer ones are mistakes, not plans.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365);

    public static Dictionary<string, Phrase[]> Validate(CourseDefinition course, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(course.Title), "title", Phrase.Of("error.aTitleIsRequired"));
        errors.Require((course.Title?.Length ?? 0) <= MaxTitle, "title", Phrase.Of("error.atMostCharacters", ("max", MaxTitle)));
        errors.Require(TextRules.IsSingleLine(course.Title), "title", TextRules.SingleLineMessage);
        errors.Require((course.Description?.Length ?? 0) <= MaxDescription, "description", Phrase.Of("error.atMostCharacters2", ("maxDescription", MaxDescription)));
        errors.Require(TextRules.IsMultiLine(course.Description), "description", Phrase.Of("error.noControlCharactersOtherThanLineBreaks"));
        errors.Require(!string.IsNullOrWhiteSpace(course.Venue), "venue", Phrase.Of("error.aVenueIsRequired"));
        errors.Require((course.Venue?.Length ?? 0) <= MaxTitle, "venue", Phrase.Of("error.atMostCharacters", ("max", MaxTitle)));
        errors.Require(TextRules.IsSingleLine(course.Venue), "venue", TextRules.SingleLineMessage);
        var presenters = course.Presenters ?? [];
        errors.Require(presenters.Count <= MaxPresenters, "presenters", Phrase.Of("error.atMostPresenters", ("maxPresenters", MaxPresenters)));
        for (var i = 0; i < presenters.Count && i < MaxPresenters; i++)
        {
            var p = presenters[i];
            errors.Require(!string.IsNullOrWhiteSpace(p) && p.Length <= MaxName && TextRules.IsSingleLine(p), $"presenters[{i}]", Phrase.Of("error.aNameOfAtMostCharactersOn", ("maxName", MaxName)));
        }

        errors.Require(course.Language is "vi" or "en", "language", Phrase.Of("error.useViOrEn"));
        errors.Require(course.Capacity is null or (> 0 and <= MaxCapacity), "capacity", Phrase.Of("error.theCapacityIsAWholeNumberFrom", ("maxCapacity", string.Create(CultureInfo.InvariantCulture, $"{MaxCapacity:N0}"))));

        // Seats: unit quotas (issue 8).
        var quotas = course.UnitQuotas ?? [];
        errors.Require(quotas.Count <= MaxUnitQuotas, "unitQuotas", Phrase.Of("error.atMostUnits", ("maxUnitQuotas", MaxUnitQuotas)));
        var quotaUnits = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < quotas.Count && i < MaxUnitQuotas; i++)
        {
            var q = quotas[i];
            errors.Require(q is not null && !string.IsNullOrWhiteSpace(q.Unit) && q.Unit.Length <= MaxName && TextRules.IsSingleLine(q.Unit), $"unitQuotas[{i}].unit", Phrase.Of("error.aUnitNameOfAtMostCharacters", ("maxName", MaxName)));
            errors.Require(q is null || q.Quota is > 0 and <= MaxCapacity, $"unitQuotas[{i}].quota", Phrase.Of("error.theQuotaIsAWholeNumberFrom", ("maxCapacity", string.Create(CultureInfo.InvariantCulture, $"{MaxCapacity:N0}"))));
            errors.Require(q is null || string.IsNullOrWhiteSpace(q.Unit) || quotaUnits.Add(SeatState.UnitKey(q.Unit)), $"unitQuotas[{i}].unit", Phrase.Of("error.eachUnitAppearsOnce"));
        }

        foreach (var (field, message) in LetterSigner.Problems(course.Letter))
        {
            errors.Add(field, message);
        }

        var sessions = course.Sessions ?? [];
        errors.Require(sessions.Count > 0, "sessions", Phrase.Of("error.atLeastOneSessionIsRequired"));
        errors.Require(sessions.Count <= MaxSessions, "sessions", Phrase.Of("error.atMostSessions", ("maxSessions", MaxSessions)));
        for (var i = 0; i < sessions.Count && i < MaxSessions; i++)
        {
            errors.Require(sessions[i] is not null && sessions[i].End > sessions[i].Start, $"sessions[{i}]", Phrase.Of("error.eachSessionNeedsAStartAndAn"));
            errors.Require(sessions[i] is null || sessions[i].End - sessions[i].Start <= TimeSpan.FromDays(7), $"sessions[{i}].end", Phrase.Of("error.aSessionLastsAtMost7Days"));
        }

        if (course.RsvpDeadline is not { } deadline)
        {
            errors.Add("rsvpDeadline", Phrase.Of("error.anRsvpDeadlineIsRequired"));
        }
        else
        {
            errors.Require(deadline > now, "rsvpDeadline", Phrase.Of("error.theRsvpDeadlineMustBeInThe"));
            if (sessions.Count > 0 && sessions.All(s => s is not null))
            {
                errors.Require(deadline <= sessions.Min(s => s.Start), "rsvpDeadline", Phrase.Of("error.theRsvpDeadlineMustNotBeAfter"));
            }
        }

        var organisers = course.OrganiserEmails ?? [];
        errors.Require(organisers.Count > 0, "organiserEmails", Phrase.Of("error.atLeastOneOrganiserEmailIsRequired"));
        errors.Require(organisers.Count <= MaxOrganisers, "organiserEmails", Phrase.Of("error.atMostOrganiserEmails", ("maxOrganisers", MaxOrganisers)));
        for (var i = 0; i < organisers.Count && i < MaxOrganisers; i++)
        {
            errors.Require(IsEmail(organisers[i]), $"organiserEmails[{i}]", Phrase.Of("error.notAValidEmailAddress"));
        }

        var reminders = course.Reminders ?? new ReminderPolicy();
        ValidateDurations(errors, "reminders.beforeRsvpDeadline", reminders.BeforeRsvpDeadline);
        ValidateDurations(errors, "reminders.beforeCourse", reminders.BeforeCourse);
        if (course.CheckIn?.OpensBefore is { } opens)
        {
            ValidateDurations(errors, "checkIn.opensBefore", [opens], list: false);
        }

        if (course.FollowUp is { } followUp)
        {
            ValidateDurations(errors, "followUp.surveyDue", followUp.SurveyDue is null ? null : [followUp.SurveyDue], list: false);
            ValidateDurations(errors, "followUp.reportDue", followUp.ReportDue is null ? null : [followUp.ReportDue], list: false);
            ValidateDurations(errors, "followUp.remindersBeforeDue", followUp.RemindersBeforeDue);
        }

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

    /// <summary>
    /// Parses an ISO-8601 duration of days, hours, minutes and seconds (<c>P3D</c>, <c>PT30S</c>), positive and at
    /// most <see cref="MaxDuration"/>; years and months are refused as ambiguous.
    /// </summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration) =>
        Read(text, out duration) == DurationReading.Taken;

    /// <summary>
    /// Why an offset or period is refused, or null when it is taken: a value that is no duration of days and times is
    /// named with the form the API takes; a readable one out of range is told its limit in words ("at most 365 days"),
    /// never as a duration code.
    /// </summary>
    public static Phrase? DurationProblem(string? text) => Read(text, out _) switch
    {
        DurationReading.Taken => null,
        DurationReading.NotMoreThanZero => Phrase.Of("error.aDurationMustBeMoreThanZero"),
        DurationReading.TooLong => Phrase.Of("error.aDurationOfAtMostDays", ("maxDays", MaxDuration.Days)),
        _ => Phrase.Of("error.useAPositiveIso8601DurationOf", ("maxDays", MaxDuration.Days)),
    };

    private static DurationReading Read(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith('P'))
        {
            return DurationReading.NotADuration;
        }

        var datePart = text.Split('T', 2)[0];
        if (datePart.Contains('Y', StringComparison.Ordinal) || datePart.Contains('M', StringComparison.Ordinal))
        {
            return DurationReading.NotADuration;
        }

        try
        {
            var read = XmlConvert.ToTimeSpan(text);
            if (read <= TimeSpan.Zero)
            {
                return DurationReading.NotMoreThanZero;
            }

            if (read > MaxDuration)
            {
                return DurationReading.TooLong;
            }

            duration = read;
            return DurationReading.Taken;
        }
        catch (FormatException)
        {
            return DurationReading.NotADuration;
        }
        catch (OverflowException)
        {
            // Days, hours or minutes beyond what a TimeSpan holds: readable, and far too long.
            return DurationReading.TooLong;
        }
    }

    private static void ValidateDurations(ValidationErrors errors, string field, IReadOnlyList<string>? durations, bool list = true)
    {
        if (durations is null)
        {
            return;
        }

        errors.Require(durations.Count <= MaxOffsets, field, Phrase.Of("error.atMostOffsets", ("maxOffsets", MaxOffsets)));
        for (var i = 0; i < durations.Count && i < MaxOffsets; i++)
        {
            if (DurationProblem(durations[i]) is { } problem)
            {
                errors.Add(list ? $"{field}[{i}]" : field, problem);
            }
        }
    }

    private enum DurationReading
    {
        Taken,
        NotADuration,
        NotMoreThanZero,
        TooLong,
    }
}
