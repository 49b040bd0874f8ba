using Workflow.Complaints;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Deadlines;
using Workflow.Complaints.Rules;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Complaints;

public sealed class ExtensionRulesTests
{
    private static readonly RuleSet Rules = Catalog.For("default", D("2026-01-01"));

    private static CaseFacts Denunciation(bool complex = false, bool especially = false, params Extension[] extensions) =>
        new(CaseKind.Denunciation, D("2026-03-02"), D("2026-03-09"), Complex: complex, EspeciallyComplex: especially, Extensions: extensions);

    private static Extension Ext(string no, int days, string on = "2026-04-01") => new(no, D(on), days);

    [Fact]
    public void Complex_case_takes_one_extension_and_especially_complex_two()
    {
        Assert.Empty(ExtensionRules.Validate(Denunciation(complex: true, extensions: Ext("1/QĐ", 30)), Rules));
        Assert.Empty(ExtensionRules.Validate(Denunciation(especially: true, extensions: [Ext("1/QĐ", 30), Ext("2/QĐ", 30)]), Rules));
    }

    [Fact]
    public void Too_many_extensions_are_refused()
    {
        var errors = ExtensionRules.Validate(Denunciation(complex: true, extensions: [Ext("1/QĐ", 30), Ext("2/QĐ", 10)]), Rules);
        Assert.Contains(errors, e => e.Field == "extensions" && e.Message.En().Contains("at most 1 time", StringComparison.Ordinal));

        errors = ExtensionRules.Validate(Denunciation(especially: true, extensions: [Ext("1/QĐ", 30), Ext("2/QĐ", 30), Ext("3/QĐ", 1)]), Rules);
        Assert.Contains(errors, e => e.Field == "extensions" && e.Message.En().Contains("at most 2 time", StringComparison.Ordinal));
    }

    [Fact]
    public void A_case_that_is_not_complex_cannot_be_extended()
    {
        var errors = ExtensionRules.Validate(Denunciation(extensions: Ext("1/QĐ", 10)), Rules);
        Assert.Contains(errors, e => e.Field == "extensions" && e.Message.En().Contains("Only a complex or especially complex", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(-5)]
    public void Extension_days_are_one_to_thirty(int days)
    {
        var errors = ExtensionRules.Validate(Denunciation(complex: true, extensions: Ext("1/QĐ", days)), Rules);
        Assert.Contains(errors, e => e.Field == "extensions[0].days");
    }

    [Fact]
    public void Complaints_cannot_be_extended_and_errors_are_returned_not_thrown()
    {
        var complaint = new CaseFacts(CaseKind.FirstComplaint, D("2026-03-02"), D("2026-03-09"), Complex: true, Extensions: [Ext("1/QĐ", 10)]);

        var result = CaseDeadlines.Compute(complaint, Rules, Calendar, D("2026-03-09"));

        Assert.False(result.IsValid);
        Assert.Empty(result.Deadlines);
        Assert.Contains(result.Errors, e => e.Field == "extensions" && e.Message.En().Contains("Only a denunciation", StringComparison.Ordinal));
    }

    [Fact]
    public void Decision_must_be_numbered_unique_and_not_before_acceptance()
    {
        var errors = ExtensionRules.Validate(Denunciation(especially: true, extensions: [Ext(" ", 10), Ext("7/QĐ", 10, "2026-03-01")]), Rules);
        Assert.Contains(errors, e => e.Field == "extensions[0].decisionNo");
        Assert.Contains(errors, e => e.Field == "extensions[1].decidedOn");

        var duplicate = ExtensionRules.ValidateProposed(Denunciation(especially: true, extensions: Ext("7/QĐ", 10)), Rules, Ext("7/qđ", 10));
        Assert.Contains(duplicate, e => e.Field == "decisionNo");
    }

    [Fact]
    public void Extension_needs_acceptance_first()
    {
        var notAccepted = new CaseFacts(CaseKind.Denunciation, D("2026-03-02"), Complex: true);
        var errors = ExtensionRules.ValidateProposed(notAccepted, Rules, Ext("1/QĐ", 10));
        Assert.Contains(errors, e => e.Field == "extensions" && e.Message.En().Contains("accepted before", StringComparison.Ordinal));
    }

    [Fact]
    public void Other_bad_facts_are_returned_as_errors()
    {
        var result = CaseDeadlines.Compute(new CaseFacts(CaseKind.FirstComplaint, D("2026-03-09"), D("2026-03-02"), SeveralPlaces: true), Rules, Calendar, D("2026-03-09"));
        Assert.Contains(result.Errors, e => e.Field == "acceptedOn");
        Assert.Contains(result.Errors, e => e.Field == "severalPlaces");

        result = CaseDeadlines.Compute(new CaseFacts(CaseKind.Petition, D("2150-01-01")), Rules, Calendar, D("2026-03-09"));
        Assert.Contains(result.Errors, e => e.Field == "receivedOn");
    }
}
