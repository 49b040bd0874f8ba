using Microsoft.Extensions.Options;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.Nominations;
using Workflow.Documents.Letters;
using Workflow.Templates;

namespace Workflow.UnitTests.Documents;

/// <summary>A Board's course with a signer, an invitee and a unit asked to nominate, as the letters see them.</summary>
internal static class LetterTestData
{
    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    /// <summary>Monday 14 December 2026, 08:00 in Vietnam (01:00 UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 14, 8, 0, 0, Vn);

    public static readonly LetterOptions Issuer = new();

    public static Course Course(string language = "vi", int sessions = 1, LetterSigner? signer = null) => new(
        "c0ffee0000000018",
        new CourseDefinition
        {
            Title = "Lớp bồi dưỡng nghiệp vụ công tác dân vận năm 2026",
            Description = "Quán triệt Nghị quyết về công tác dân vận trong tình hình mới.",
            Venue = "Hội trường Tỉnh ủy, số 2 đường Lê Hồng Phong",
            Presenters = ["Trần Văn Đức"],
            Sessions = [.. Enumerable.Range(0, sessions).Select(n => new CourseSession(Start.AddDays(n), Start.AddDays(n).AddHours(3.5)))],
            RsvpDeadline = new DateTimeOffset(2026, 12, 11, 17, 0, 0, Vn),
            OrganiserEmails = ["bandanvan@example.vn"],
            Language = language,
            Letter = signer ?? new LetterSigner("Nguyễn Văn Quảng", "Phó Trưởng ban", "K/T Trưởng ban"),
        },
        CoursePhase.Inviting,
        Start.AddDays(-30),
        Start.AddDays(-29));

    public static Invitee Person(string name = "Lê Thị Thu Hằng", string? position = "Phó Trưởng phòng", string? unit = "Sở Nội vụ") =>
        new("c0ffee0000000018", "a1b2c3d4e5", name, "hang@example.vn", unit, position, InviteeStatus.Pending, null, false, null, EmailStatus.NotSent, null, null);

    public static Nomination Unit(string unit = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", int quota = 3) =>
        new("c0ffee0000000018", "u1f2e3d4c5", unit, "mttq@example.vn", quota, [], null, null);

    /// <summary>Number 15 of 2026, given on Monday 7 December 2026.</summary>
    public static readonly LetterNumber Fifteen = new(2026, 15, new DateOnly(2026, 12, 7));

    public static PartyLetters Letters() => new(new TemplateRenderer());

    public static LetterPdf Pdf() => new(Options.Create(new CertificateOptions()), Options.Create(Issuer));
}
