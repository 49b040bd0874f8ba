namespace Workflow.Courses.FollowUp;

/// <summary>The survey as typed in the page's form: three ratings (text "1" to "5") and free comments.</summary>
public sealed record SurveyInput(string? Content, string? Presenter, string? Organisation, string? Comments);

/// <summary>The result of a follow-up submission: the invitee as it is now, and whether this was a first answer, a correction or nothing new.</summary>
public sealed record FollowUpChange(Invitee Invitee, bool Unchanged, bool Corrected);

/// <summary>
/// The follow-up rules (SPEC §2 step 9), plain C# with no storage or HTTP: who is asked (present at one session at least),
/// what a survey and a learning report may hold, and until when they may be sent and corrected (their due dates, see
/// <see cref="FollowUpPlan"/>). A refusal that depends on time or state is a conflict whose message is a strings key the pages
/// show (<c>followUpNotAsked</c>, <c>followUpNotStarted</c>, <c>followUpPastDue</c>, <c>followUpClosed</c>, <c>followUpNotRequired</c>).
/// </summary>
public static class FollowUpRules
{
    public const int MaxComments = 2_000;
    public const int MaxReportText = 20_000;

    /// <summary>Whether the person is asked for the survey and the report: present at one session at least.</summary>
    public static bool IsAsked(Invitee invitee)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        return invitee.Attendance.Any(a => a.Status == AttendanceStatus.Present);
    }

    /// <summary>Why <paramref name="invitee"/> may not send or correct <paramref name="kind"/> now (a strings key), or null when he may.</summary>
    public static string? WhyClosed(Course course, Invitee invitee, FollowUpKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var plan = FollowUpPlan.For(course);
        if (course.Phase is CoursePhase.Cancelled or CoursePhase.Draft)
        {
            return "followUpClosed";
        }

        if (plan.DueOf(kind) is not { } due)
        {
            return "followUpNotRequired";
        }

        if (!IsAsked(invitee))
        {
            return "followUpNotAsked";
        }

        if (now < plan.Start)
        {
            return "followUpNotStarted";
        }

        return now >= due ? "followUpPastDue" : null;
    }

    /// <summary>Records or corrects the survey until its due date; the same answer again changes nothing.</summary>
    public static Outcome<FollowUpChange> Survey(Course course, Invitee invitee, SurveyInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (WhyClosed(course, invitee, FollowUpKind.Survey, now) is { } closed)
        {
            return Outcome<FollowUpChange>.Conflict(Phrase.Of(closed));
        }

        var errors = new ValidationErrors();
        var content = Rating(errors, "contentRating", input.Content);
        var presenter = Rating(errors, "presenterRating", input.Presenter);
        var organisation = Rating(errors, "organisationRating", input.Organisation);
        var comments = string.IsNullOrWhiteSpace(input.Comments) ? null : input.Comments.Trim();
        errors.Require((comments?.Length ?? 0) <= MaxComments, "comments", Phrase.Of("error.atMostCharacters3", ("maxComments", string.Create(CultureInfo.InvariantCulture, $"{MaxComments:N0}"))));
        errors.Require(TextRules.IsMultiLine(comments) && !HasBrokenSurrogates(comments), "comments", Phrase.Of("error.noControlCharactersOtherThanLineBreaks2"));
        if (errors.Count > 0)
        {
            return Outcome<FollowUpChange>.Invalid(errors.ToList());
        }

        var previous = invitee.Survey;
        if (previous is not null && previous.Content == content && previous.Presenter == presenter && previous.Organisation == organisation && previous.Comments == comments)
        {
            return Outcome<FollowUpChange>.Done(new FollowUpChange(invitee, Unchanged: true, Corrected: false));
        }

        var answer = new SurveyAnswer(content, presenter, organisation, comments, now);
        return Outcome<FollowUpChange>.Done(new FollowUpChange(invitee with { Survey = answer }, Unchanged: false, Corrected: previous is not null));
    }

    /// <summary>Checks a learning report's text (multi-line, at most <see cref="MaxReportText"/> characters; required unless a file is or was sent).</summary>
    public static IReadOnlyList<ValidationError> CheckReportText(string? text, bool hasFile)
    {
        var errors = new ValidationErrors();
        errors.Require(hasFile || !string.IsNullOrWhiteSpace(text), "report", Phrase.Of("error.theReportSTextOrAFile"));
        errors.Require((text?.Length ?? 0) <= MaxReportText, "report", Phrase.Of("error.atMostCharacters4", ("maxReportText", string.Create(CultureInfo.InvariantCulture, $"{MaxReportText:N0}"))));
        errors.Require(TextRules.IsMultiLine(text) && !HasBrokenSurrogates(text), "report", Phrase.Of("error.noControlCharactersOtherThanLineBreaks2"));
        return errors.ToList();
    }

    /// <summary>
    /// Records or corrects the learning report until its due date. <paramref name="file"/> is a newly stored file, which
    /// replaces the previous one; null keeps the previous file (if any). The same text without a new file changes nothing.
    /// </summary>
    public static Outcome<FollowUpChange> Report(Course course, Invitee invitee, string? text, ReportFile? file, DateTimeOffset now)
    {
        if (WhyClosed(course, invitee, FollowUpKind.Report, now) is { } closed)
        {
            return Outcome<FollowUpChange>.Conflict(Phrase.Of(closed));
        }

        var previous = invitee.Report;
        var keptFile = file ?? previous?.File;
        var trimmed = string.IsNullOrWhiteSpace(text) ? string.Empty : text.Trim();
        var errors = CheckReportText(trimmed, keptFile is not null);
        if (errors.Count > 0)
        {
            return Outcome<FollowUpChange>.Invalid(errors);
        }

        if (previous is not null && file is null && previous.Text == trimmed)
        {
            return Outcome<FollowUpChange>.Done(new FollowUpChange(invitee, Unchanged: true, Corrected: false));
        }

        var report = new LearningReport(trimmed, now, keptFile);
        return Outcome<FollowUpChange>.Done(new FollowUpChange(invitee with { Report = report }, Unchanged: false, Corrected: previous is not null));
    }

    /// <summary>Whether <paramref name="invitee"/> has sent <paramref name="kind"/>.</summary>
    public static bool HasSubmitted(Invitee invitee, FollowUpKind kind)
    {
        ArgumentNullException.ThrowIfNull(invitee);
        return kind == FollowUpKind.Survey ? invitee.Survey is not null : invitee.Report is not null;
    }

    private static int Rating(ValidationErrors errors, string field, string? value)
    {
        var text = value?.Trim();
        if (text is { Length: 1 } && text[0] is >= '1' and <= '5')
        {
            return text[0] - '0';
        }

        errors.Add(field, Phrase.Of("error.chooseARatingFrom1To5"));
        return 0;
    }

    private static bool HasBrokenSurrogates(string? text)
    {
        if (text is null)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
