using Workflow.Courses;
using Workflow.Courses.Nominations;
using Workflow.Documents.Pdf;

namespace Workflow.Documents.Letters;

/// <summary>
/// Builds the course's letters as data, in the course's language (pure: no I/O, unit-tested): the Giấy mời addressed to
/// one invitee and the công văn asking one unit to nominate. Times are in Vietnam time with the weekday.
/// </summary>
public sealed class PartyLetters(TemplateRenderer templates)
{
    /// <summary>The kind of a Giấy mời in its sign (<c>15-GM/BDVTU</c>).</summary>
    public const string InvitationKind = "GM";

    /// <summary>The kind of a công văn in its sign (<c>16-CV/BDVTU</c>).</summary>
    public const string NominationKind = "CV";

    /// <summary>The number and sign as people write it: the sequence (two digits at least), the kind, the issuer's sign.</summary>
    public static string Sign(LetterNumber number, string kind, string issuerSign)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Sequence.ToString("00", CultureInfo.InvariantCulture) + "-" + kind + "/" + issuerSign;
    }

    /// <summary><paramref name="invitee"/>'s Giấy mời of <paramref name="course"/> with its number.</summary>
    public PartyLetter Invitation(Course course, Invitee invitee, LetterNumber number, LetterOptions issuer)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(invitee);
        var signer = course.Definition.Letter ?? throw new InvalidOperationException("A course without a signer has no letters.");
        var language = course.Definition.Language;
        var who = string.Join(", ", new[] { invitee.Name, invitee.Position, invitee.Unit }.Select(v => Line(v ?? string.Empty)).Where(v => v.Length > 0));
        var body = new List<LetterParagraph> { new(null, Say("letters.opening", language, ("issuer", issuer.IssuerName), ("title", Line(course.Definition.Title)))) };
        AddDescription(body, course);
        body.Add(new(null, Say("letters.invitationOpening", language, ("issuer", issuer.IssuerName))));
        AddTimeAndVenue(body, course);
        body.Add(new(null, Say("letters.invitationReply", language, ("deadline", At(course.RsvpDeadline, language)))));
        body.Add(new(null, Say("letters.invitationClose", language)));
        var sign = Sign(number, InvitationKind, issuer.Sign);
        return Letter(
            course,
            signer,
            new PartyHeading(Say("letters.party", language), issuer.IssuerParent, issuer.Issuer, Say("letters.number", language, ("number", sign)), PlaceDate(issuer.Place, number.IssuedOn, language)),
            Say("letters.invitationType", language),
            Say("letters.invitationSummary", language, ("title", Line(course.Definition.Title))),
            Say("letters.salutationPerson", language, ("who", who)),
            body,
            Say("letters.invitationFile", language) + "-" + sign.Replace('/', '-') + "_" + FilePart(invitee.Name, invitee.Id) + ".pdf",
            Say("letters.invitationDocument", language) + " " + sign);
    }

    /// <summary>The công văn asking <paramref name="nomination"/>'s unit to nominate people, with the quota and the deadline.</summary>
    public PartyLetter Nomination(Course course, Nomination nomination, LetterNumber number, LetterOptions issuer)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(nomination);
        var signer = course.Definition.Letter ?? throw new InvalidOperationException("A course without a signer has no letters.");
        var language = course.Definition.Language;
        var body = new List<LetterParagraph> { new(null, Say("letters.opening", language, ("issuer", issuer.IssuerName), ("title", Line(course.Definition.Title)))) };
        AddDescription(body, course);
        AddTimeAndVenue(body, course);
        body.Add(new(null, Say(
            "letters.nominationAsk",
            language,
            ("issuer", issuer.IssuerName),
            ("unit", Line(nomination.Unit)),
            ("quota", nomination.Quota.ToString("00", CultureInfo.InvariantCulture)),
            ("deadline", At(course.RsvpDeadline, language)))));
        body.Add(new(null, Say("letters.nominationClose", language)));
        var sign = Sign(number, NominationKind, issuer.Sign);
        return Letter(
            course,
            signer,
            new PartyHeading(
                Say("letters.party", language),
                issuer.IssuerParent,
                issuer.Issuer,
                Say("letters.number", language, ("number", sign)),
                PlaceDate(issuer.Place, number.IssuedOn, language),
                Say("letters.nominationSubject", language, ("title", Line(course.Definition.Title)))),
            null,
            null,
            Say("letters.salutationUnit", language, ("unit", Line(nomination.Unit))),
            body,
            Say("letters.nominationFile", language) + "-" + sign.Replace('/', '-') + "_" + FilePart(nomination.Unit, nomination.Id) + ".pdf",
            Say("letters.nominationDocument", language) + " " + sign);
    }

    /// <summary>
    /// <c>Ninh Bình, ngày 07 tháng 3 năm 2026</c>: as Hướng dẫn 36-HD/VPTW writes it, a day below 10 and the months
    /// January and February with a leading zero (<c>ngày 05 tháng 02</c>); in English <c>Ninh Bình, 7 March 2026</c>.
    /// </summary>
    public string PlaceDate(string place, DateOnly date, string language) => Say(
        "letters.placeDate",
        language,
        ("place", place),
        ("day", date.Day.ToString("00", CultureInfo.InvariantCulture)),
        ("month", date.Month <= 2 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture)),
        ("year", date.Year.ToString(CultureInfo.InvariantCulture)),
        ("dayNumber", date.Day.ToString(CultureInfo.InvariantCulture)),
        ("monthName", date.ToString("MMMM", CultureInfo.InvariantCulture)));

    /// <summary>A session in Vietnam time: <c>từ 08 giờ 00 đến 11 giờ 30, thứ Hai, ngày 14/12/2026</c>.</summary>
    public string Session(CourseSession session, string language)
    {
        ArgumentNullException.ThrowIfNull(session);
        var start = VietnamTime.ToLocal(session.Start);
        var end = VietnamTime.ToLocal(session.End);
        return start.Date == end.Date
            ? Say("letters.sessionSameDay", language, ("start", Clock(start, language)), ("end", Clock(end, language)), ("weekday", Weekday(start, language)), ("date", Date(start)))
            : Say(
                "letters.sessionDays",
                language,
                ("start", Clock(start, language)),
                ("weekday", Weekday(start, language)),
                ("date", Date(start)),
                ("end", Clock(end, language)),
                ("endWeekday", Weekday(end, language)),
                ("endDate", Date(end)));
    }

    /// <summary>An instant in Vietnam time: <c>17 giờ 00, thứ Sáu, ngày 11/12/2026</c>.</summary>
    public string At(DateTimeOffset instant, string language)
    {
        var local = VietnamTime.ToLocal(instant);
        return Say("letters.at", language, ("time", Clock(local, language)), ("weekday", Weekday(local, language)), ("date", Date(local)));
    }

    private PartyLetter Letter(Course course, LetterSigner signer, PartyHeading heading, string? type, string? summary, string salutation, List<LetterParagraph> body, string fileName, string title)
    {
        var language = course.Definition.Language;
        var upper = CultureInfo.GetCultureInfo("vi-VN");
        return new PartyLetter(
            heading,
            type,
            summary,
            salutation,
            body,
            string.IsNullOrWhiteSpace(signer.Authority) ? [] : [Line(signer.Authority).ToUpper(upper)],
            Line(signer.SignerTitle).ToUpper(upper),
            Line(signer.SignerName),
            Say("letters.recipients", language),
            [Say("letters.copyAbove", language), Say("letters.archive", language)],
            fileName,
            title);
    }

    private static void AddDescription(List<LetterParagraph> body, Course course)
    {
        if (!string.IsNullOrWhiteSpace(course.Definition.Description))
        {
            body.Add(new(null, UserTextBody(course.Definition.Description)));
        }
    }

    private void AddTimeAndVenue(List<LetterParagraph> body, Course course)
    {
        var language = course.Definition.Language;
        var sessions = course.Definition.Sessions.OrderBy(s => s.Start).ToList();
        if (sessions.Count == 1)
        {
            body.Add(new(Say("letters.time", language), Session(sessions[0], language) + "."));
        }
        else
        {
            body.Add(new(Say("letters.time", language), string.Empty));
            body.AddRange(sessions.Select((s, n) => new LetterParagraph(null, Say("letters.sessionNumbered", language, ("n", n + 1), ("when", Session(s, language))))));
        }

        body.Add(new(Say("letters.venue", language), Line(course.Definition.Venue) + "."));
        if (course.Definition.Presenters.Count > 0)
        {
            body.Add(new(Say("letters.presenters", language), string.Join(", ", course.Definition.Presenters.Select(Line)) + "."));
        }
    }

    private string Clock(DateTimeOffset local, string language) =>
        Say("letters.clock", language, ("hour", local.Hour.ToString("00", CultureInfo.InvariantCulture)), ("minute", local.Minute.ToString("00", CultureInfo.InvariantCulture)));

    private string Weekday(DateTimeOffset local, string language) => Say("letters.weekday" + ((int)local.DayOfWeek).ToString(CultureInfo.InvariantCulture), language);

    private static string Date(DateTimeOffset local) => local.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Line(string value) => UserText.Line(value);

    private static string UserTextBody(string value) => UserText.Body(value).Trim();

    private string Say(string key, string language, params (string Name, object? Value)[] args) => templates.Render(Phrase.Of(key, args), language);

    /// <summary>Who a letter is for, as a file name reads it: the name without diacritics, words joined by <c>-</c> ("Lê Thị Thu Hằng" → <c>le-thi-thu-hang</c>), at most 40 characters; <paramref name="fallback"/> when nothing is left.</summary>
    private static string FilePart(string name, string fallback)
    {
        // Only ASCII letters and digits are kept, so a surrogate (even a lone one, which Fold cannot normalise) goes first.
        var words = TextRules.Fold(new string([.. name.Where(c => !char.IsSurrogate(c))])).Split(' ').Select(w => new string([.. w.Where(char.IsAsciiLetterOrDigit)])).Where(w => w.Length > 0);
        var part = string.Join('-', words);
        part = part.Length > 40 ? part[..40].TrimEnd('-') : part;
        return part.Length == 0 ? fallback : part;
    }
}
