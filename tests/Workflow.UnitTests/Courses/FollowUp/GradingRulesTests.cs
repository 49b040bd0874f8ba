using Workflow.Access;
using Workflow.Courses;
using Workflow.Courses.Certificates;
using Workflow.Courses.FollowUp;
using Workflow.Templates;
using static Workflow.UnitTests.Courses.Certificates.CertificateTestData;

namespace Workflow.UnitTests.Courses.FollowUp;

/// <summary>Grading a learning report (issue 18 item 4) and the certificate that follows a passing grade.</summary>
public sealed class GradingRulesTests
{
    private static readonly IReadOnlyList<GradeOption> Scale = GradingOptions.DefaultScale;
    private static readonly Author Lan = new("lan@bandanvan.vn", "Phạm Thị Lan");
    private static readonly Author Minh = new("minh@bandanvan.vn", "Võ Văn Minh");
    private static readonly DateTimeOffset Now = FirstStart.AddDays(8);

    private static Course Graded(bool required = true) =>
        Course(followUp: new FollowUpPolicy { SurveyDue = "P7D", ReportRequired = true, ReportDue = "P14D", CertificateRequiresPassingGrade = required });

    [Fact]
    public void A_grade_of_the_scale_is_stored_with_its_author_time_comment_as_typed_and_an_audit_line()
    {
        var person = Person("a1", "Lê Văn An", "Sở Nội vụ");
        var outcome = GradingRules.Grade(person, new GradeInput(" dat ", "Bài viết <b>tốt</b>\r\nCần thêm ví dụ"), Scale, Now, Lan);

        Assert.True(outcome.IsDone);
        var grade = outcome.Value!.Invitee.Grade!;
        Assert.Equal(new ReportGrade("dat", true, "Bài viết <b>tốt</b>\nCần thêm ví dụ", Now, Lan), grade);
        Assert.False(outcome.Value.Regraded);
        var line = Assert.Single(outcome.Value.Invitee.Audit);
        Assert.Equal(("graded", "dat", Lan), (line.What, line.Note, line.Author));
    }

    [Fact]
    public void A_regrade_replaces_the_grade_names_the_new_author_and_adds_a_line_and_the_same_grade_again_changes_nothing()
    {
        var first = GradingRules.Grade(Person("a1", "Lê Văn An", "Sở Nội vụ"), new GradeInput("chuaDat", null), Scale, Now, Lan).Value!.Invitee;
        var second = GradingRules.Grade(first, new GradeInput("dat", "Đã bổ sung"), Scale, Now.AddHours(2), Minh);

        Assert.True(second.Value!.Regraded);
        Assert.Equal(new ReportGrade("dat", true, "Đã bổ sung", Now.AddHours(2), Minh), second.Value.Invitee.Grade);
        Assert.Equal(["graded", "regraded"], second.Value.Invitee.Audit.Select(a => a.What));
        var again = GradingRules.Grade(second.Value.Invitee, new GradeInput("dat", "Đã bổ sung"), Scale, Now.AddHours(3), Lan);
        Assert.True(again.Value!.Unchanged);
        Assert.Same(second.Value.Invitee, again.Value.Invitee);
    }

    [Theory]
    [InlineData(null, "grade")]
    [InlineData("", "grade")]
    [InlineData("Đạt", "grade")]
    [InlineData("DAT", "grade")]
    [InlineData("passed", "grade")]
    public void A_grade_not_on_the_scale_is_refused_naming_the_field(string? grade, string field)
    {
        var outcome = GradingRules.Grade(Person("a1", "Lê Văn An", "Sở Nội vụ"), new GradeInput(grade, null), Scale, Now, Lan);
        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(field, Assert.Single(outcome.Errors).Field);
    }

    [Fact]
    public void A_comment_over_the_limit_or_with_control_characters_is_refused()
    {
        var person = Person("a1", "Lê Văn An", "Sở Nội vụ");
        Assert.True(GradingRules.Grade(person, new GradeInput("kha", new string('ư', GradingRules.MaxComment)), Scale, Now, Lan).IsDone);
        Assert.Equal("comment", Assert.Single(GradingRules.Grade(person, new GradeInput("kha", new string('ư', GradingRules.MaxComment + 1)), Scale, Now, Lan).Errors).Field);
        Assert.Equal("comment", Assert.Single(GradingRules.Grade(person, new GradeInput("kha", "a\u0007b"), Scale, Now, Lan).Errors).Field);
    }

    [Fact]
    public void Nothing_submitted_is_a_conflict_not_a_grade()
    {
        var outcome = GradingRules.Grade(Person("a1", "Lê Văn An", "Sở Nội vụ", report: false), new GradeInput("dat", null), Scale, Now, Lan);
        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Equal("grading.error.nothingSubmitted", outcome.Message!.Key);
    }

    [Fact]
    public void The_default_scale_reads_in_Vietnamese_and_English_and_a_configured_name_wins()
    {
        var vi = new TemplateRenderer().Strings("vi");
        var en = new TemplateRenderer().Strings("en");
        Assert.Equal(["Xuất sắc", "Khá", "Đạt", "Chưa đạt"], Scale.Select(o => GradingRules.NameOf(o.Key, Scale, "vi", vi)));
        Assert.Equal(["Excellent", "Good", "Pass", "Not yet passed"], Scale.Select(o => GradingRules.NameOf(o.Key, Scale, "en", en)));
        Assert.Equal([true, true, true, false], Scale.Select(o => o.Passing));
        IReadOnlyList<GradeOption> custom = [new() { Key = "gioi", Passing = true, Name = "Giỏi", NameEn = "Very good" }];
        Assert.Equal("Giỏi", GradingRules.NameOf("gioi", custom, "vi", vi));
        Assert.Equal("Very good", GradingRules.NameOf("gioi", custom, "en", en));
        Assert.False(GradingOptions.IsValid(new GradingOptions { Scale = [new() { Key = "dat" }, new() { Key = "dat" }] }));
        Assert.False(GradingOptions.IsValid(new GradingOptions { Scale = [new() { Key = "Đạt" }] }));
        Assert.True(GradingOptions.IsValid(new GradingOptions { Scale = [.. custom] }));
    }

    [Fact]
    public void With_the_setting_on_the_certificate_needs_a_passing_grade_and_an_ungraded_report_holds_it()
    {
        var course = Graded();
        var person = Person("a1", "Lê Văn An", "Sở Nội vụ");
        Assert.False(CertificateRules.IsEligible(course, person));
        Assert.True(CertificateRules.IsHeldForGrade(course, person));

        var failed = GradingRules.Grade(person, new GradeInput("chuaDat", null), Scale, Now, Lan).Value!.Invitee;
        Assert.False(CertificateRules.IsEligible(course, failed));
        Assert.False(CertificateRules.IsHeldForGrade(course, failed));

        var passed = GradingRules.Grade(failed, new GradeInput("dat", null), Scale, Now, Lan).Value!.Invitee;
        Assert.True(CertificateRules.IsEligible(course, passed));
        Assert.False(CertificateRules.IsHeldForGrade(course, passed));

        // Absent once: a grade earns nothing, and nothing is held.
        var absent = Person("b2", "Trần Thị Ánh", "Sở Nội vụ", marks: [AttendanceStatus.Present, AttendanceStatus.Absent]);
        Assert.False(CertificateRules.IsHeldForGrade(course, absent));
        Assert.False(CertificateRules.IsEligible(course, GradingRules.Grade(absent, new GradeInput("xuatSac", null), Scale, Now, Lan).Value!.Invitee));
    }

    [Fact]
    public void Without_the_setting_a_grade_does_not_touch_the_certificate()
    {
        var course = Graded(required: false);
        var person = Person("a1", "Lê Văn An", "Sở Nội vụ");
        Assert.True(CertificateRules.IsEligible(course, person));
        Assert.True(CertificateRules.IsEligible(course, GradingRules.Grade(person, new GradeInput("chuaDat", null), Scale, Now, Lan).Value!.Invitee));
        Assert.False(CertificateRules.IsHeldForGrade(course, person));
    }

    [Fact]
    public void A_grade_round_after_the_certificates_schedules_them_again_once_per_round()
    {
        var course = Graded() with { Phase = CoursePhase.Completed, Progress = new CourseProgress(["certificates", "followUpClose"]) };
        Assert.DoesNotContain(CourseSchedule.For(course), m => m.Kind is MilestoneKind.Certificates or MilestoneKind.CertificatesGraded);

        var round = course with { Progress = course.Progress with { GradeRound = 2 } };
        var milestone = Assert.Single(CourseSchedule.For(round));
        Assert.Equal((MilestoneKind.CertificatesGraded, "certificatesGraded:2", true), (milestone.Kind, milestone.Key, milestone.RunsIfLate));

        var done = round with { Progress = round.Progress.WithLatest(CertificateSchedule.GradedPrefix, "certificatesGraded:1").WithLatest(CertificateSchedule.GradedPrefix, "certificatesGraded:2") };
        Assert.Empty(CourseSchedule.For(done));
        Assert.Equal(["certificates", "followUpClose", "certificatesGraded:2"], done.Progress.Done);

        // Before the certificates ran, only they are scheduled: they read the grades given so far.
        var early = Graded() with { Progress = new CourseProgress(["followUpStart"]) { GradeRound = 3 } };
        Assert.Single(CourseSchedule.For(early), m => m.Kind == MilestoneKind.Certificates);
        Assert.DoesNotContain(CourseSchedule.For(early), m => m.Kind == MilestoneKind.CertificatesGraded);
    }
}
