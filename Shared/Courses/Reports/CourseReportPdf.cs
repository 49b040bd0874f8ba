using Workflow.Courses.Certificates;
using Workflow.Documents.Pdf;

namespace Workflow.Courses.Reports;

/// <summary>
/// Draws the course report for leadership (Báo cáo kết quả lớp bồi dưỡng) as A4 portrait PDF from the same
/// <see cref="CourseReport"/> the JSON route answers (<see cref="CourseReports.For"/>: one computation, two renderings):
/// invited and attending by unit and by session, absences with their reasons, the survey's averages and comments, learning
/// reports submitted and graded, certificates issued, signed off by the organiser, in the layout of a Party report.
/// </summary>
public sealed class CourseReportPdf(TemplateRenderer templates, IOptions<CertificateOptions> fonts, IOptions<Documents.Letters.LetterOptions> documents)
{
    /// <param name="signer">Who signs it off (the organiser asking for it); null leaves the name to be written by hand.</param>
    public byte[] Render(Course course, CourseReport report, string? signer, DateOnly writtenOn)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(report);
        var language = course.Definition.Language;
        var t = templates.Strings(language);
        string Say(string key, params (string Name, object? Value)[] values) =>
            templates.RenderString(key, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal), language);
        string Unit(string? unit) => unit is null ? t["coursereport.noUnit"] : UserText.Line(unit);

        using var pdf = new DocumentPdfWriter(fonts.Value.FontDirectory, UserText.Line(Say("coursereport.fileTitle", ("title", report.Title))), UserText.Line(documents.Value.IssuerName));
        pdf.NewPage();
        var body = pdf.Font(11);
        var heading = pdf.Font(11.5, TextStyle.Bold);
        var subheading = pdf.Font(11, TextStyle.BoldItalic);
        DocumentHeader.Of(documents.Value, writtenOn, language).Heading(templates).Draw(pdf);
        pdf.Centered(t["coursereport.type"], pdf.Font(15, TextStyle.Bold), before: 4);
        pdf.Centered(Say("coursereport.summary", ("title", UserText.Line(report.Title))), pdf.Font(12, TextStyle.Bold), before: 2);
        pdf.Centered("-----", pdf.Font(10));
        pdf.Flush(Say("coursereport.intro", ("dates", CertificatePdf.DatesOf(course)), ("venue", UserText.Line(course.Definition.Venue)), ("sessions", course.Definition.Sessions.Count)), body, before: 8, indent: 0);

        // I. Invited and attending, by unit and by session.
        var a = report.Attendance;
        pdf.Room(110);
        pdf.Flush(t["coursereport.attendanceHeading"], heading, before: 10);
        pdf.Flush(Say("coursereport.attendanceSummary", ("invited", a.Invited), ("expected", a.Expected), ("every", a.PresentAtEverySession)), body, before: 2);
        pdf.Flush(t["coursereport.byUnit"], subheading, before: 4);
        var unitRows = a.Units.Select((u, n) => new PdfRow(
        [
            Count(n + 1), Unit(u.Unit), Count(u.Invited), Count(u.Expected), Count(u.PresentAtEverySession),
            string.Join("; ", u.Sessions.Select(s => Say("coursereport.sessionPresent", ("session", s.Session + 1), ("present", s.Present)))),
        ])).ToList();
        unitRows.Add(new PdfRow(
        [
            string.Empty, t["coursereport.total"], Count(a.Invited), Count(a.Expected), Count(a.PresentAtEverySession),
            string.Join("; ", a.Sessions.Select(s => Say("coursereport.sessionPresent", ("session", s.Session + 1), ("present", s.Present)))),
        ], Shaded: true));
        PdfTable.Draw(pdf,
        [
            new PdfColumn(t["sheets.number"], 0.5, TextAlign.Center), new PdfColumn(t["coursereport.unit"], 2.4),
            new PdfColumn(t["coursereport.invited"], 0.9, TextAlign.Center), new PdfColumn(t["coursereport.accepted"], 0.9, TextAlign.Center),
            new PdfColumn(t["coursereport.everySession"], 1.0, TextAlign.Center), new PdfColumn(t["coursereport.presentBySession"], 1.9),
        ], unitRows);
        pdf.Flush(t["coursereport.bySession"], subheading, before: 6);
        PdfTable.Draw(pdf,
        [
            new PdfColumn(t["coursereport.session"], 0.6, TextAlign.Center), new PdfColumn(t["coursereport.time"], 2.8),
            new PdfColumn(t["coursereport.present"], 0.8, TextAlign.Center), new PdfColumn(t["coursereport.absent"], 0.8, TextAlign.Center),
            new PdfColumn(t["coursereport.excused"], 0.9, TextAlign.Center), new PdfColumn(t["coursereport.unmarked"], 0.9, TextAlign.Center),
        ], [.. a.Sessions.Select(s => new PdfRow(
        [
            Count(s.Session + 1), VietnamTime.FormatRange(s.Start, s.End, language), Count(s.Present), Count(s.Absent), Count(s.Excused), Count(s.Unmarked),
        ]))]);

        // II. Absences and their reasons.
        pdf.Room(110);
        pdf.Flush(t["coursereport.absencesHeading"], heading, before: 10);
        if (report.Absences.Count == 0)
        {
            pdf.Flush(t["coursereport.none"], body, before: 2);
        }
        else
        {
            PdfTable.Draw(pdf,
            [
                new PdfColumn(t["sheets.number"], 0.5, TextAlign.Center), new PdfColumn(t["coursereport.name"], 1.9),
                new PdfColumn(t["coursereport.unit"], 1.8), new PdfColumn(t["coursereport.status"], 1.9), new PdfColumn(t["coursereport.reason"], 1.6),
            ], [.. report.Absences.Select((x, n) => new PdfRow(
            [
                Count(n + 1), UserText.Name(x.Name), Unit(x.Unit),
                x.Status switch
                {
                    "declined" => t["coursereport.declined"],
                    "absent" => Say("coursereport.absentAt", ("sessions", string.Join(", ", x.Sessions))),
                    _ => Say("coursereport.excusedAt", ("sessions", string.Join(", ", x.Sessions))),
                },
                x.Reason is { } reason ? UserText.Line(reason) : t["coursereport.noReason"],
            ]))]);
        }

        // III. The survey.
        var survey = report.Survey;
        pdf.Room(110);
        pdf.Flush(t["coursereport.surveyHeading"], heading, before: 10);
        pdf.Flush(Say("coursereport.surveyAnswers", ("answers", survey.Answers)), body, before: 2);
        PdfTable.Draw(pdf,
            [new PdfColumn(t["coursereport.criterion"], 3), new PdfColumn(t["coursereport.average"], 1.6, TextAlign.Center)],
            [
                new PdfRow([t["coursereport.content"], Rating(survey.Averages.Content, language, t)]),
                new PdfRow([t["coursereport.presenter"], Rating(survey.Averages.Presenter, language, t)]),
                new PdfRow([t["coursereport.organisation"], Rating(survey.Averages.Organisation, language, t)]),
            ]);
        if (survey.Comments.Count > 0)
        {
            pdf.Flush(t["coursereport.comments"], subheading, before: 6);
            foreach (var comment in survey.Comments)
            {
                pdf.Flush("– " + UserText.Line(comment), body, before: 1, indent: 12);
            }
        }

        // IV. Learning reports: submitted, and graded (CourseReports.GradeOf).
        var reports = report.Reports;
        pdf.Room(110);
        pdf.Flush(t["coursereport.reportsHeading"], heading, before: 10);
        pdf.Flush(reports.Required ? t["coursereport.reportsRequired"] : t["coursereport.reportsOptional"], body, before: 2);
        pdf.Flush(Say("coursereport.reportsSummary", ("expected", reports.Expected), ("submitted", reports.Submitted), ("graded", reports.Graded), ("missing", reports.Missing)), body, before: 1);
        if (reports.Units.Count > 0)
        {
            PdfTable.Draw(pdf,
            [
                new PdfColumn(t["coursereport.unit"], 2.2), new PdfColumn(t["coursereport.expected"], 0.9, TextAlign.Center),
                new PdfColumn(t["coursereport.submitted"], 0.9, TextAlign.Center), new PdfColumn(t["coursereport.graded"], 0.9, TextAlign.Center),
                new PdfColumn(t["coursereport.missing"], 2.6),
            ], [.. reports.Units.Select(u => new PdfRow(
            [
                Unit(u.Unit), Count(u.Expected), Count(u.Submitted), Count(u.Graded),
                u.Missing.Count == 0 ? "0" : Count(u.Missing.Count) + ": " + string.Join(", ", u.Missing.Select(UserText.Name)),
            ]))]);
        }

        // V. Certificates.
        var certificates = report.Certificates;
        pdf.Room(110);
        pdf.Flush(t["coursereport.certificatesHeading"], heading, before: 10);
        pdf.Flush(Say("coursereport.certificatesSummary", ("eligible", certificates.Eligible), ("issued", certificates.Issued)), body, before: 2);
        if (certificates.Numbers.Count > 0)
        {
            PdfTable.Draw(pdf,
            [
                new PdfColumn(t["sheets.number"], 0.5, TextAlign.Center), new PdfColumn(t["coursereport.certificateNumber"], 1.8),
                new PdfColumn(t["coursereport.name"], 2.0), new PdfColumn(t["coursereport.unit"], 2.2),
            ], [.. certificates.Numbers.Select((c, n) => new PdfRow([Count(n + 1), c.Number, UserText.Name(c.Name), Unit(c.Unit)]))]);
        }

        SignOff.Draw(pdf, t["coursereport.signOff"], t["coursereport.signNote"], signer, t["coursereport.recipientsLabel"], [t["coursereport.recipientLeaders"], t["coursereport.recipientFile"]]);
        return pdf.ToBytes((page, pages) => Say("sheets.page", ("page", page), ("pages", pages)));
    }

    /// <summary>An average as the course's readers write it: <c>4,5</c> in Vietnamese, <c>4.5</c> in English.</summary>
    public static string Rating(double? average, string language, IReadOnlyDictionary<string, string> t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return average is { } value
            ? value.ToString("0.0", language == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN"))
            : t["coursereport.noAnswer"];
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
