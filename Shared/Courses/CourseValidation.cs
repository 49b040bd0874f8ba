using System.Net.Mail;
using System.Xml;
using Workflow.Text;

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

    public static Dictionary<string, string[]> Validate(CourseDefinition course, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var errors = new ValidationErrors();
        errors.Require(!string.IsNullOrWhiteSpace(course.Title), "title", "Cần nhập tên khóa học / A title is required.");
        errors.Require((course.Title?.Length ?? 0) <= MaxTitle, "title", $"Tối đa {MaxTitle} ký tự / At most {MaxTitle} characters.");
        errors.Require(TextRules.IsSingleLine(course.Title), "title", TextRules.SingleLineMessage);
        errors.Require((course.Description?.Length ?? 0) <= MaxDescription, "description", $"Tối đa {MaxDescription} ký tự / At most {MaxDescription} characters.");
        errors.Require(TextRules.IsMultiLine(course.Description), "description", "Không dùng ký tự điều khiển ngoài xuống dòng / No control characters other than line breaks.");
        errors.Require(!string.IsNullOrWhiteSpace(course.Venue), "venue", "Cần nhập địa điểm / A venue is required.");
        errors.Require((course.Venue?.Length ?? 0) <= MaxTitle, "venue", $"Tối đa {MaxTitle} ký tự / At most {MaxTitle} characters.");
        errors.Require(TextRules.IsSingleLine(course.Venue), "venue", TextRules.SingleLineMessage);
        var presenters = course.Presenters ?? [];
        errors.Require(presenters.Count <= MaxPresenters, "presenters", $"Tối đa {MaxPresenters} báo cáo viên / At most {MaxPresenters} presenters.");
        for (var i = 0; i < presenters.Count && i < MaxPresenters; i++)
        {
            var p = presenters[i];
            errors.Require(!string.IsNullOrWhiteSpace(p) && p.Length <= MaxName && TextRules.IsSingleLine(p), $"presenters[{i}]", $"Mỗi tên một dòng, tối đa {MaxName} ký tự / A name of at most {MaxName} characters on one line.");
        }

        errors.Require(course.Language is "vi" or "en", "language", "Dùng \"vi\" hoặc \"en\" / Use \"vi\" or \"en\".");
        errors.Require(course.Capacity is null or (> 0 and <= MaxCapacity), "capacity", $"Số chỗ là số nguyên từ 1 đến {MaxCapacity:N0} / The capacity is a whole number from 1 to {MaxCapacity:N0}.");

        // Seats: unit quotas (issue 8).
        var quotas = course.UnitQuotas ?? [];
        errors.Require(quotas.Count <= MaxUnitQuotas, "unitQuotas", $"Tối đa {MaxUnitQuotas} đơn vị / At most {MaxUnitQuotas} units.");
        var quotaUnits = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < quotas.Count && i < MaxUnitQuotas; i++)
        {
            var q = quotas[i];
            errors.Require(q is not null && !string.IsNullOrWhiteSpace(q.Unit) && q.Unit.Length <= MaxName && TextRules.IsSingleLine(q.Unit), $"unitQuotas[{i}].unit", $"Tên đơn vị một dòng, tối đa {MaxName} ký tự / A unit name of at most {MaxName} characters on one line.");
            errors.Require(q is null || q.Quota is > 0 and <= MaxCapacity, $"unitQuotas[{i}].quota", $"Chỉ tiêu là số nguyên từ 1 đến {MaxCapacity:N0} / The quota is a whole number from 1 to {MaxCapacity:N0}.");
            errors.Require(q is null || string.IsNullOrWhiteSpace(q.Unit) || quotaUnits.Add(SeatState.UnitKey(q.Unit)), $"unitQuotas[{i}].unit", "Mỗi đơn vị chỉ ghi một lần / Each unit appears once.");
        }

        var sessions = course.Sessions ?? [];
        errors.Require(sessions.Count > 0, "sessions", "Cần ít nhất một buổi học / At least one session is required.");
        errors.Require(sessions.Count <= MaxSessions, "sessions", $"Tối đa {MaxSessions} buổi / At most {MaxSessions} sessions.");
        for (var i = 0; i < sessions.Count && i < MaxSessions; i++)
        {
            errors.Require(sessions[i] is not null && sessions[i].End > sessions[i].Start, $"sessions[{i}]", "Mỗi buổi cần giờ bắt đầu và giờ kết thúc sau đó (có múi giờ, ví dụ 2027-05-13T14:00:00+07:00) / Each session needs a start and an end after it (with offsets, e.g. 2027-05-13T14:00:00+07:00).");
            errors.Require(sessions[i] is null || sessions[i].End - sessions[i].Start <= TimeSpan.FromDays(7), $"sessions[{i}].end", "Một buổi kéo dài tối đa 7 ngày / A session lasts at most 7 days.");
        }

        if (course.RsvpDeadline is not { } deadline)
        {
            errors.Add("rsvpDeadline", "Cần nhập hạn trả lời / An RSVP deadline is required.");
        }
        else
        {
            errors.Require(deadline > now, "rsvpDeadline", "Hạn trả lời phải ở tương lai / The RSVP deadline must be in the future.");
            if (sessions.Count > 0 && sessions.All(s => s is not null))
            {
                errors.Require(deadline <= sessions.Min(s => s.Start), "rsvpDeadline", "Hạn trả lời không được sau giờ bắt đầu buổi đầu tiên / The RSVP deadline must not be after the first session starts.");
            }
        }

        var organisers = course.OrganiserEmails ?? [];
        errors.Require(organisers.Count > 0, "organiserEmails", "Cần ít nhất một email người tổ chức / At least one organiser email is required.");
        errors.Require(organisers.Count <= MaxOrganisers, "organiserEmails", $"Tối đa {MaxOrganisers} email người tổ chức / At most {MaxOrganisers} organiser emails.");
        for (var i = 0; i < organisers.Count && i < MaxOrganisers; i++)
        {
            errors.Require(IsEmail(organisers[i]), $"organiserEmails[{i}]", "Địa chỉ email không hợp lệ / Not a valid email address.");
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
            return duration > TimeSpan.Zero && duration <= MaxDuration;
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

    private static void ValidateDurations(ValidationErrors errors, string field, IReadOnlyList<string>? durations, bool list = true)
    {
        if (durations is null)
        {
            return;
        }

        errors.Require(durations.Count <= MaxOffsets, field, $"Tối đa {MaxOffsets} mốc / At most {MaxOffsets} offsets.");
        for (var i = 0; i < durations.Count && i < MaxOffsets; i++)
        {
            errors.Require(
                TryParseDuration(durations[i], out _),
                list ? $"{field}[{i}]" : field,
                "Dùng khoảng thời gian ISO-8601 dương, tối đa một năm (P365D), ví dụ P3D, PT12H, PT30S / Use a positive ISO-8601 duration of at most one year (P365D), such as P3D, PT12H or PT30S.");
        }
    }
}
