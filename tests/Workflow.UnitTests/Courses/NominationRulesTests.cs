using Workflow.Courses;
using Workflow.Courses.Nominations;
using Workflow.Units;

namespace Workflow.UnitTests.Courses;

/// <summary>The nomination rules as plain functions: the organiser's rows, the quota, correction, the deadline.</summary>
public sealed class NominationRulesTests
{
    private const string CourseId = "c0ffee0123456789";
    private static readonly DateTimeOffset Now = new(2027, 4, 25, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = new(2027, 5, 6, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, OrgUnit> Registry = new(StringComparer.Ordinal)
    {
        [UnitKeys.Normalize("Sở Nội vụ")] = new OrgUnit("Sở Nội vụ", "department", null, ["vanphong@snv.example.vn", "giamdoc@snv.example.vn"]),
        [UnitKeys.Normalize("Xã Quảng Phú")] = new OrgUnit("Xã Quảng Phú", "commune-peoples-committee", null, []),
    };

    private static Nomination Unit(int quota = 3, params string[] nomineeIds) =>
        new(CourseId, NominationRules.IdFor(CourseId, "Sở Nội vụ"), "Sở Nội vụ", "vanphong@snv.example.vn", quota, nomineeIds, Now, null, "W/\"1\"");

    private static Invitee Nominee(string email, EmailStatus emailStatus, InviteeStatus status = InviteeStatus.Pending) =>
        new(CourseId, Invitee.IdFor(CourseId, email), "Người " + email[..2], email, "Sở Nội vụ", null, status, null, false, null, emailStatus, null, null);

    private static List<NumberedRow> Rows(params string[] emails) =>
        emails.Select((e, i) => new NumberedRow(i + 1, new InviteeInput("Người " + i, e, null, "Chuyên viên"))).ToList();

    [Fact]
    public void Registry_units_take_their_first_contact_and_free_text_units_need_one()
    {
        var (valid, rejected) = NominationRules.Validate(
            [
                new NominationInput("  sở nội VỤ ", null, 3),
                new NominationInput("Hội Nông dân huyện", "hnd@example.vn", 2),
                new NominationInput("Hội Phụ nữ huyện", null, 2),
                new NominationInput("Xã Quảng Phú", null, 1),
            ],
            Registry);

        Assert.Equal(2, valid.Count);
        Assert.Equal("vanphong@snv.example.vn", valid[0].ContactEmail);
        Assert.Equal("sở nội VỤ", valid[0].Unit);
        Assert.Equal("hnd@example.vn", valid[1].ContactEmail);
        Assert.Equal(["[2].contactEmail", "[3].contactEmail"], rejected.Select(r => r.Field));
        Assert.Equal([3, 4], rejected.Select(r => r.Row));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_quota_outside_1_to_1000_is_refused_with_its_field_path(int? quota)
    {
        var (valid, rejected) = NominationRules.Validate([new NominationInput("Sở Nội vụ", null, 2), null, new NominationInput("Sở Y tế", "syt@example.vn", quota)], Registry);

        Assert.Single(valid);
        Assert.Equal(["[1].unit", "[2].quota"], rejected.Select(r => r.Field));
    }

    [Theory]
    [InlineData("Sở\nNội vụ")]
    [InlineData("Sở\u2028Tư pháp")]
    [InlineData("")]
    public void Unit_names_must_be_one_line_and_given(string unit)
    {
        var (valid, rejected) = NominationRules.Validate([new NominationInput(unit, "a@example.vn", 2)], Registry);

        Assert.Empty(valid);
        Assert.Equal("[0].unit", Assert.Single(rejected).Field);
    }

    [Fact]
    public void A_unit_listed_twice_keeps_its_first_row_and_a_bad_contact_is_refused()
    {
        var (valid, rejected) = NominationRules.Validate(
            [new NominationInput("Sở Nội vụ", null, 2), new NominationInput("SỞ  NỘI VỤ", null, 5), new NominationInput("Sở Y tế", "not-an-email", 1)],
            Registry);

        Assert.Equal(2, Assert.Single(valid).Quota);
        Assert.Equal(["[1].unit", "[2].contactEmail"], rejected.Select(r => r.Field));
    }

    [Fact]
    public void The_id_is_the_same_for_the_same_unit_whatever_its_spacing_or_case()
    {
        Assert.Equal(NominationRules.IdFor(CourseId, "Sở Nội vụ"), NominationRules.IdFor(CourseId, "  sở  nội VỤ"));
        Assert.NotEqual(NominationRules.IdFor(CourseId, "Sở Nội vụ"), NominationRules.IdFor("0123456789abcdef", "Sở Nội vụ"));
    }

    [Fact]
    public void Naming_up_to_the_quota_adds_each_person_with_the_units_name()
    {
        var outcome = NominationRules.Plan(Unit(3), Rows("a@example.vn", "b@example.vn"), [], new HashSet<string>(), Now, Deadline);

        Assert.True(outcome.IsDone);
        var plan = outcome.Value!;
        Assert.Equal(2, plan.Add.Count);
        Assert.All(plan.Add, v => Assert.Equal("Sở Nội vụ", v.Unit));
        Assert.Equal(plan.Add.Select(v => Invitee.IdFor(CourseId, v.EmailKey)), plan.NomineeIds);
        Assert.Empty(plan.Remove);
    }

    [Fact]
    public void More_than_the_quota_is_refused_and_changes_nothing()
    {
        var outcome = NominationRules.Plan(Unit(2), Rows("a@example.vn", "b@example.vn", "c@example.vn"), [], new HashSet<string>(), Now, Deadline);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Null(outcome.Value);
    }

    [Fact]
    public void Invited_nominees_count_against_the_quota_even_when_left_out_of_the_list()
    {
        var invited = Nominee("a@example.vn", EmailStatus.Sent);
        var outcome = NominationRules.Plan(Unit(2, invited.Id), Rows("b@example.vn", "c@example.vn"), [invited], new HashSet<string> { "a@example.vn" }, Now, Deadline);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
    }

    [Fact]
    public void A_correction_replaces_the_not_yet_invited_and_keeps_the_invited()
    {
        var invited = Nominee("a@example.vn", EmailStatus.Sent);
        var waiting = Nominee("b@example.vn", EmailStatus.NotSent);
        var kept = Nominee("c@example.vn", EmailStatus.NotSent);
        var keys = new HashSet<string> { "a@example.vn", "b@example.vn", "c@example.vn" };

        var plan = NominationRules.Plan(Unit(3, invited.Id, waiting.Id, kept.Id), Rows("C@Example.vn", "d@example.vn"), [invited, waiting, kept], keys, Now, Deadline).Value!;

        Assert.Equal([waiting.Id], plan.Remove);
        Assert.Equal("d@example.vn", Assert.Single(plan.Add).Email);
        Assert.Equal([invited.Id, kept.Id, Invitee.IdFor(CourseId, "d@example.vn")], plan.NomineeIds);
        Assert.Equal(1, plan.KeptInvited);
    }

    [Fact]
    public void Sending_the_same_list_again_adds_nothing()
    {
        var a = Nominee("a@example.vn", EmailStatus.Sent);
        var b = Nominee("b@example.vn", EmailStatus.NotSent);
        var plan = NominationRules.Plan(Unit(2, a.Id, b.Id), Rows("a@example.vn", "b@example.vn"), [a, b], new HashSet<string> { "a@example.vn", "b@example.vn" }, Now, Deadline).Value!;

        Assert.Empty(plan.Add);
        Assert.Empty(plan.Remove);
        Assert.Equal([a.Id, b.Id], plan.NomineeIds);
        Assert.Equal(0, plan.KeptInvited);
    }

    [Fact]
    public void People_already_invited_otherwise_are_reported_not_doubled()
    {
        var plan = NominationRules.Plan(Unit(3), Rows("other@example.vn", "new@example.vn", "NEW@example.vn"), [], new HashSet<string> { "other@example.vn" }, Now, Deadline).Value!;

        Assert.Equal("new@example.vn", Assert.Single(plan.Add).Email);
        Assert.Equal([1, 3], plan.Duplicates.Select(d => d.Row));
    }

    [Fact]
    public void An_invalid_row_refuses_the_whole_list()
    {
        var rows = Rows("a@example.vn", "not-an-email");
        rows.Add(new NumberedRow(3, new InviteeInput("Tên\nhai dòng", "c@example.vn", null, null)));

        var outcome = NominationRules.Plan(Unit(3), rows, [], new HashSet<string>(), Now, Deadline);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(["row 2", "row 3"], outcome.Errors.Select(e => e.Field));
    }

    [Fact]
    public void After_the_deadline_the_list_cannot_change()
    {
        var outcome = NominationRules.Plan(Unit(3), Rows("a@example.vn"), [], new HashSet<string>(), Deadline, Deadline);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
    }

    [Fact]
    public void Silent_nominees_are_the_invited_who_never_answered()
    {
        var silent = NominationRules.Silent(
        [
            Nominee("a@example.vn", EmailStatus.Sent, InviteeStatus.NoResponse),
            Nominee("b@example.vn", EmailStatus.Sent, InviteeStatus.Accepted),
            Nominee("c@example.vn", EmailStatus.Sent, InviteeStatus.Declined),
            Nominee("d@example.vn", EmailStatus.NotSent),
        ]);

        Assert.Equal("a@example.vn", Assert.Single(silent).Email);
    }
}
