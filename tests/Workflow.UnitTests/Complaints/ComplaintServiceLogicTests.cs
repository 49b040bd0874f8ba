using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Complaints;
using Workflow.Storage;
using Workflow.Units;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Cases;
using Workflow.Complaints.Rules;

namespace Workflow.UnitTests.Complaints;

public sealed class ComplaintServiceLogicTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 9, 17, 30, 0, TimeSpan.Zero)); // 00:30 on 10/03 in Vietnam
    private readonly ComplaintRules _rules;

    public ComplaintServiceLogicTests()
    {
        // The store is never reached by these tests (no I/O happens before EnsureHolidaysAsync).
        var store = new HolidayStore(new TableServiceClient("UseDevelopmentStorage=true"), new TableInitializer(), new ComplaintTables());
        _rules = new ComplaintRules(Options.Create(new ComplaintOptions()), store, _time, NullLogger<ComplaintRules>.Instance);
    }

    [Fact]
    public void Today_is_the_Vietnam_day_not_the_UTC_day() => Assert.Equal(D("2027-03-10"), _rules.Today());

    [Fact]
    public void Thresholds_and_lists_are_read_from_comma_separated_settings()
    {
        Assert.Equal([7, 3, 1, 0], new ComplaintOptions().ParsedThresholds());
        Assert.Equal([14, 7, 0], new ComplaintOptions { AlertThresholds = "0, 7,14,7" }.ParsedThresholds());
        Assert.Null(new ComplaintOptions { AlertThresholds = "7,-1" }.ParsedThresholds());
        Assert.Null(new ComplaintOptions { AlertThresholds = "" }.ParsedThresholds());
        Assert.Equal(["a@b.example.vn", "c@d.example.vn"], new ComplaintOptions { LeadershipEmails = "a@b.example.vn; c@d.example.vn," }.ParsedLeadershipEmails());
    }

    [Fact]
    public void An_unknown_configured_rule_set_fails_at_start()
    {
        var store = new HolidayStore(new TableServiceClient("UseDevelopmentStorage=true"), new TableInitializer(), new ComplaintTables());
        Assert.Throws<RuleSetException>(() => new ComplaintRules(Options.Create(new ComplaintOptions { RuleSet = "nope" }), store, _time, NullLogger<ComplaintRules>.Instance));
    }

    [Fact]
    public void Open_deadlines_are_the_index_rows_accept_until_accepted_resolve_until_closed_none_when_closed()
    {
        var c = Case(CaseKind.FirstComplaint, acceptedOn: null);
        Assert.Equal([Stage.Accept], _rules.OpenDeadlines(c, _rules.Today()).Select(d => d.Stage));

        var accepted = c with { AcceptedOn = D("2027-03-08") };
        Assert.Equal([Stage.Accept, Stage.Resolve], _rules.Deadlines(accepted, _rules.Today()).Select(d => d.Stage));
        Assert.Equal([Stage.Resolve], _rules.OpenDeadlines(accepted, _rules.Today()).Select(d => d.Stage));

        Assert.Empty(_rules.OpenDeadlines(accepted with { Status = CaseStatus.Resolved }, _rules.Today()));
        Assert.Empty(_rules.OpenDeadlines(c with { Status = CaseStatus.Withdrawn }, _rules.Today()));
        Assert.Equal([Stage.Handle], _rules.OpenDeadlines(Case(CaseKind.Petition, null), _rules.Today()).Select(d => d.Stage));
    }

    [Fact]
    public void A_case_keeps_the_rule_set_version_it_was_registered_under()
    {
        var strict = new ComplaintRules(
            Options.Create(new ComplaintOptions { RuleSet = "province-strict" }),
            new HolidayStore(new TableServiceClient("UseDevelopmentStorage=true"), new TableInitializer(), new ComplaintTables()),
            _time,
            NullLogger<ComplaintRules>.Instance);
        var before = strict.ForReceipt(D("2025-06-02"))!;
        var after = strict.ForReceipt(D("2027-03-01"))!;
        Assert.Equal("default", before.Name); // falls back to the national default before the override existed
        Assert.Equal("province-strict", after.Name);

        var c = Case(CaseKind.FirstComplaint, D("2027-03-08")) with { RuleSet = new RuleSetRef(after.Name, after.EffectiveFrom) };
        Assert.Equal(D("2027-04-06"), strict.Deadlines(c, strict.Today()).Single(d => d.Stage == Stage.Resolve).Due); // 29 days
        strict.Dispose();
    }

    [Fact]
    public void Unit_lists_are_checked_whole()
    {
        var ok = UnitValidation.Validate([new OrgUnit("Sở Nội vụ", "department", null, ["vanphong@sonoivu.tinh.example"])]);
        Assert.Empty(ok);
        var errors = UnitValidation.Validate([
            new OrgUnit("A", "department", "B", ["a@x.example.vn"]),
            new OrgUnit("B", "department", "A", ["b@x.example.vn"]),
            new OrgUnit(" a ", "department", null, ["Tên <a@x.example.vn>"]),
        ]);
        Assert.Contains("units[0].parent", errors.Keys);
        Assert.Contains("units[2].name", errors.Keys);
        Assert.Contains("units[2].contactEmails[0]", errors.Keys);
        Assert.Equal(UnitKeys.RowKey("Sở Nội vụ"), UnitKeys.RowKey("  SỞ   NỘI VỤ "));
    }

    public void Dispose() => _rules.Dispose();

    private ComplaintCase Case(CaseKind kind, DateOnly? acceptedOn)
    {
        var rules = _rules.ForReceipt(D("2027-03-01"))!;
        return new ComplaintCase(
            "0123456789abcdef", "KN-1", kind, D("2027-03-01"), acceptedOn, false, false, false, false, "UBND phường Hoa Lư", ["a@b.example.vn"], null,
            CaseStatus.Open, new RuleSetRef(rules.Name, rules.EffectiveFrom), [], null, null, null, null, _time.GetUtcNow());
    }
}
