using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Access;
using Workflow.Complaints;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Rules;
using Workflow.Storage;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;

namespace Workflow.UnitTests.Complaints;

/// <summary>A case's history (issue 17): each transition appends who did it and when, a refused one nothing.</summary>
public sealed class CaseHistoryTests
{
    private static readonly RuleSet Rules = Catalog.For("default", D("2026-01-01"));
    private static readonly DateTimeOffset At = new(2026, 3, 5, 2, 0, 0, TimeSpan.Zero);
    private static readonly Author Second = new("canbo2@demo.local", "Phạm Văn Xác Minh");

    private static ComplaintCase Case(CaseKind kind) => new(
        "0123456789abcdef", "TC-2026-001", kind, D("2026-03-02"), null, true, false, false, false,
        "UBND phường Hoa Lư", ["thanhtra@hoalu.example.vn"], null, CaseStatus.Open, new RuleSetRef(Rules.Name, Rules.EffectiveFrom), [], null, null, null, null,
        new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_action_appends_its_officer_and_time_and_a_refusal_appends_nothing()
    {
        var first = new CaseAct(TestAuthors.Officer, At);
        var accepted = CaseActions.Accept(Case(CaseKind.Denunciation), new AcceptRequest(D("2026-03-05"), null, null), Rules, first).Value!;
        var extended = CaseActions.Extend(accepted, new ExtendRequest("12/QĐ", D("2026-03-20"), 30), Rules, new CaseAct(Second, At.AddDays(15))).Value!;
        var withdrawn = CaseActions.Withdraw(extended, new WithdrawRequest(D("2026-03-25"), "Rút đơn"), new CaseAct(TestAuthors.Officer, At.AddDays(20))).Value!;

        Assert.Equal(
            [
                new HistoryEntry(At, TestAuthors.Officer, "accepted"),
                new HistoryEntry(At.AddDays(15), Second, "extended"),
                new HistoryEntry(At.AddDays(20), TestAuthors.Officer, "withdrawn"),
            ],
            withdrawn.History);

        Assert.False(CaseActions.Resolve(withdrawn, new ResolveRequest(D("2026-03-30"), "1/QĐ"), first).IsDone);
        Assert.False(CaseActions.Accept(accepted, new AcceptRequest(D("2026-03-06"), null, null), Rules, first).IsDone);
        Assert.Equal(3, withdrawn.History.Count);
    }

    [Fact]
    public void Registration_opens_the_history_with_the_officer_who_registered()
    {
        var body = new RegisterCaseRequest("KN-1", CaseKind.Petition, D("2026-03-02"), null, null, null, null, null, "UBND phường Hoa Lư", ["thanhtra@hoalu.example.vn"], null);
        var store = new HolidayStore(new TableServiceClient("UseDevelopmentStorage=true"), new TableInitializer(), new ComplaintTables());
        using var rules = new ComplaintRules(Options.Create(new ComplaintOptions()), store, new FakeTimeProvider(At), NullLogger<ComplaintRules>.Instance);

        var registered = CaseActions.Register(body, rules, "0123456789abcdef", At, TestAuthors.Officer).Value!;
        var resolved = CaseActions.Resolve(registered, new ResolveRequest(D("2026-03-10"), null), new CaseAct(Second, At.AddDays(5))).Value!;

        Assert.Equal([new HistoryEntry(At, TestAuthors.Officer, "registered"), new HistoryEntry(At.AddDays(5), Second, "resolved")], resolved.History);
        Assert.False(CaseActions.Register(body with { Code = null }, rules, "0123456789abcdef", At, TestAuthors.Officer).IsDone);
    }
}
