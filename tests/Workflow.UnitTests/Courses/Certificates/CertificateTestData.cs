using Workflow.Courses;

namespace Workflow.UnitTests.Courses.Certificates;

/// <summary>A two-session course and invitees with attendance, survey and report as the follow-up leaves them.</summary>
internal static class CertificateTestData
{
    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    public static readonly DateTimeOffset FirstStart = new(2027, 5, 13, 8, 0, 0, Vn);

    public static Course Course(bool reportRequired = true, FollowUpPolicy? followUp = null, CoursePhase phase = CoursePhase.FollowUp, string language = "vi") => new(
        "c0ffee0000000009",
        new CourseDefinition
        {
            Title = "Bồi dưỡng nghiệp vụ công tác dân vận",
            Venue = "Hội trường",
            Sessions =
            [
                new CourseSession(FirstStart, FirstStart.AddHours(3)),
                new CourseSession(FirstStart.AddDays(1), FirstStart.AddDays(1).AddHours(3)),
            ],
            RsvpDeadline = FirstStart.AddDays(-3),
            OrganiserEmails = ["bandanvan@example.vn"],
            Language = language,
            FollowUp = followUp ?? new FollowUpPolicy { SurveyDue = "P7D", ReportRequired = reportRequired, ReportDue = "P14D" },
        },
        phase,
        FirstStart.AddDays(-30),
        FirstStart.AddDays(-29));

    public static Invitee Person(
        string id,
        string name,
        string? unit,
        InviteeStatus status = InviteeStatus.Accepted,
        AttendanceStatus?[]? marks = null,
        bool report = true,
        SurveyAnswer? survey = null,
        string? certificate = null) =>
        new("c0ffee0000000009", id, name, id + "@example.vn", unit, "Chuyên viên", status, FirstStart.AddDays(-10), false, null, EmailStatus.Sent, FirstStart.AddDays(-20), null)
        {
            Attendance = [.. (marks ?? [AttendanceStatus.Present, AttendanceStatus.Present])
                .Select((m, n) => m is { } s ? new AttendanceMark(CourseSessions.PositionalId(n), s, FirstStart.AddDays(n), "organiser", "organiser") : null)
                .OfType<AttendanceMark>()],
            Report = report ? new LearningReport("Bài thu hoạch", FirstStart.AddDays(5)) : null,
            Survey = survey,
            CertificateNumber = certificate,
        };
}
