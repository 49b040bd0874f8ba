using Workflow.Access;
using Workflow.Complaints;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Rules;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Complaints;

/// <summary>The case transitions as plain domain rules: no HTTP, no storage.</summary>
public sealed class CaseActionsTests
{
    private static readonly RuleSet Rules = Catalog.For("default", D("2026-01-01"));

    private static readonly CaseAct Act = new(TestAuthors.Officer, new DateTimeOffset(2026, 3, 5, 2, 0, 0, TimeSpan.Zero));

    private static ComplaintCase Case(CaseKind kind, string? acceptedOn = null, bool complex = false, CaseStatus status = CaseStatus.Open) => new(
        "0123456789abcdef", "TC-2026-001", kind, D("2026-03-02"), acceptedOn is null ? null : D(acceptedOn), complex, false, false, false,
        "UBND phường Hoa Lư", ["thanhtra@hoalu.example.vn"], null, status, new RuleSetRef(Rules.Name, Rules.EffectiveFrom), [], null, null, null, null,
        new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Accepting_sets_the_date_once()
    {
        var accepted = CaseActions.Accept(Case(CaseKind.FirstComplaint), new AcceptRequest(D("2026-03-05"), null, null), Rules, Act);
        Assert.True(accepted.IsDone);
        Assert.Equal(D("2026-03-05"), accepted.Value!.AcceptedOn);

        var again = CaseActions.Accept(accepted.Value, new AcceptRequest(D("2026-03-06"), null, null), Rules, Act);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.Contains("2026-03-05", again.Message.En(), StringComparison.Ordinal);
    }

    [Fact]
    public void Accepting_before_receipt_or_without_a_date_is_a_field_error()
    {
        Assert.Equal(["acceptedOn"], CaseActions.Accept(Case(CaseKind.FirstComplaint), new AcceptRequest(D("2026-03-01"), null, null), Rules, Act).Errors.Select(e => e.Field));
        Assert.Equal(["acceptedOn"], CaseActions.Accept(Case(CaseKind.FirstComplaint), new AcceptRequest(null, null, null), Rules, Act).Errors.Select(e => e.Field));
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Accept(Case(CaseKind.Petition), new AcceptRequest(D("2026-03-05"), null, null), Rules, Act).Kind);
    }

    [Fact]
    public void Extensions_follow_the_one_statement_of_their_rules()
    {
        var request = new ExtendRequest("12/QĐ-UBND", D("2026-04-01"), 30);
        Assert.Equal(["kind"], CaseActions.Extend(Case(CaseKind.FirstComplaint, "2026-03-05"), request, Rules, Act).Errors.Select(e => e.Field));
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Extend(Case(CaseKind.Denunciation, complex: true), request, Rules, Act).Kind);
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Extend(Case(CaseKind.Denunciation, "2026-03-05"), request, Rules, Act).Kind);

        var once = CaseActions.Extend(Case(CaseKind.Denunciation, "2026-03-05", complex: true), request, Rules, Act);
        Assert.True(once.IsDone);
        var twice = CaseActions.Extend(once.Value!, request with { DecisionNo = "13/QĐ-UBND" }, Rules, Act);
        Assert.Equal(OutcomeKind.Conflict, twice.Kind);
        Assert.Contains("at most 1", twice.Message.En(), StringComparison.Ordinal);

        Assert.Equal(["days"], CaseActions.Extend(Case(CaseKind.Denunciation, "2026-03-05", complex: true), request with { Days = 31 }, Rules, Act).Errors.Select(e => e.Field));
        Assert.Equal(["decisionNo"], CaseActions.Extend(Case(CaseKind.Denunciation, "2026-03-05", complex: true), request with { DecisionNo = "12\r\nBcc: x" }, Rules, Act).Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_closed_case_changes_no_more()
    {
        var resolved = Case(CaseKind.FirstComplaint, "2026-03-05", status: CaseStatus.Resolved);
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Resolve(resolved, new ResolveRequest(D("2026-04-01"), "1/QĐ"), Act).Kind);
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Withdraw(resolved, new WithdrawRequest(D("2026-04-01"), null), Act).Kind);
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Accept(resolved, new AcceptRequest(D("2026-03-05"), null, null), Rules, Act).Kind);
    }

    [Fact]
    public void Resolving_needs_the_acceptance_and_a_decision_number_except_for_a_petition()
    {
        Assert.Equal(OutcomeKind.Conflict, CaseActions.Resolve(Case(CaseKind.FirstComplaint), new ResolveRequest(D("2026-04-01"), "1/QĐ"), Act).Kind);
        Assert.Equal(["decisionNo"], CaseActions.Resolve(Case(CaseKind.FirstComplaint, "2026-03-05"), new ResolveRequest(D("2026-04-01"), null), Act).Errors.Select(e => e.Field));
        Assert.True(CaseActions.Resolve(Case(CaseKind.Petition), new ResolveRequest(D("2026-04-01"), null), Act).IsDone);
        Assert.Equal(["resolvedOn"], CaseActions.Resolve(Case(CaseKind.FirstComplaint, "2026-03-05"), new ResolveRequest(D("2026-03-04"), "1/QĐ"), Act).Errors.Select(e => e.Field));
    }

    [Fact]
    public void Withdrawal_reason_may_have_lines_but_not_control_characters()
    {
        Assert.True(CaseActions.Withdraw(Case(CaseKind.FirstComplaint), new WithdrawRequest(D("2026-03-10"), "Dòng 1\nDòng 2"), Act).IsDone);
        Assert.Equal(["reason"], CaseActions.Withdraw(Case(CaseKind.FirstComplaint), new WithdrawRequest(D("2026-03-10"), "a\u0007b"), Act).Errors.Select(e => e.Field));
    }
}
