using Workflow.Complaints;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Rules;

namespace Workflow.UnitTests.Complaints;

public sealed class RuleSetLoaderTests
{
    [Fact]
    public void Built_in_rule_sets_load_with_the_defaults_of_SPEC()
    {
        Assert.Equal(["default", "province-strict"], Catalog.Names);
        var rules = Catalog.For("default", D("2027-03-01"));

        Assert.Equal(new StageRule(CaseKind.FirstComplaint, Stage.Accept, 10, CountingUnit.Days, StartEvent.Receipt), rules.Rule(CaseKind.FirstComplaint, Stage.Accept));
        Assert.Equal(new StageRule(CaseKind.FirstComplaint, Stage.Resolve, 30, CountingUnit.Days, StartEvent.Acceptance, 45, 45, 60), rules.Rule(CaseKind.FirstComplaint, Stage.Resolve));
        Assert.Equal(new StageRule(CaseKind.SecondComplaint, Stage.Resolve, 45, CountingUnit.Days, StartEvent.Acceptance, 60, 60, 70), rules.Rule(CaseKind.SecondComplaint, Stage.Resolve));
        Assert.Equal(new StageRule(CaseKind.Denunciation, Stage.Classify, 7, CountingUnit.WorkingDays, StartEvent.Receipt, SeveralPlaces: 10), rules.Rule(CaseKind.Denunciation, Stage.Classify));
        Assert.Equal(new ExtensionLimits(30, 1, 2), rules.Rule(CaseKind.Denunciation, Stage.Resolve).Extensions);
        Assert.Equal(new StageRule(CaseKind.Petition, Stage.Handle, 10, CountingUnit.WorkingDays, StartEvent.Receipt), rules.Rule(CaseKind.Petition, Stage.Handle));
        Assert.Equal(29, Catalog.For("province-strict", D("2026-01-01")).Rule(CaseKind.FirstComplaint, Stage.Resolve).Period);
    }

    [Fact]
    public void Extra_rule_set_files_load_next_to_the_built_in_ones()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, RuleSetJson.Valid("province-x", "2027-01-01", firstResolve: 20));
        try
        {
            var catalog = RuleSetCatalog.LoadBuiltIn([path]);
            Assert.Equal(20, catalog.For("province-x", D("2027-05-01")).Rule(CaseKind.FirstComplaint, Stage.Resolve).Period);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("\"accept\": { \"period\": 10,", "\"accept\": { \"note\": \"x\", \"bogus\": 1, \"period\": 10,", "unknown field 'kinds.firstComplaint.accept.bogus'")]
    [InlineData("\"firstComplaint\": {", "\"firstComplaint\": { \"appeal\": {},", "unknown stage 'appeal' for 'firstComplaint'")]
    [InlineData("\"petition\": {", "\"appeal\": { \"handle\": { \"period\": 1, \"unit\": \"days\", \"from\": \"receipt\" } }, \"petition\": {", "unknown kind 'appeal'")]
    [InlineData("\"handle\": { \"period\": 10,", "\"resolve\": { \"period\": 5, \"unit\": \"days\", \"from\": \"receipt\" }, \"handle\": { \"period\": 10,", "unknown stage 'resolve' for 'petition'")]
    [InlineData("\"period\": 7,", "\"period\": -7,", "kinds.denunciation.classify.period must be a whole number of days from 1")]
    [InlineData("\"complex\": 45, \"remoteArea\": 45", "\"complex\": 0, \"remoteArea\": 45", "kinds.firstComplaint.resolve.complex must be a whole number of days from 1")]
    [InlineData("\"accept\": { \"period\": 10, \"unit\": \"days\", \"from\": \"receipt\" },\n      \"resolve\": { \"period\": 30", "\"resolve\": { \"period\": 30", "stage 'accept' of 'firstComplaint' is missing")]
    [InlineData("\"unit\": \"workingDays\", \"from\": \"receipt\", \"severalPlaces\"", "\"unit\": \"hours\", \"from\": \"receipt\", \"severalPlaces\"", "unit 'hours' must be 'days' or 'workingDays'")]
    [InlineData("\"handle\": { \"period\": 10, \"unit\": \"workingDays\", \"from\": \"receipt\" }", "\"handle\": { \"period\": 10, \"unit\": \"workingDays\", \"from\": \"filing\" }", "from 'filing' must be 'receipt' or 'acceptance'")]
    [InlineData("\"handle\": { \"period\": 10, \"unit\": \"workingDays\", \"from\": \"receipt\" }", "\"handle\": { \"period\": 10, \"unit\": \"workingDays\", \"from\": \"receipt\", \"extensions\": { \"maxDaysEach\": 30, \"maxCountComplex\": 1, \"maxCountEspeciallyComplex\": 2 } }", "extension decisions exist only for the 'resolve' stage of 'denunciation'")]
    [InlineData("\"effectiveFrom\": \"2019-01-01\"", "\"effectiveFrom\": \"01/01/2019\"", "effectiveFrom '01/01/2019' is not a yyyy-MM-dd date")]
    [InlineData("\"name\": \"test\"", "\"name\": \"Province Strict\"", "must be lowercase letters, digits and dashes")]
    public void Bad_rule_data_is_refused_with_a_clear_reason(string find, string replace, string expectedMessage)
    {
        var json = RuleSetJson.Valid();
        Assert.Contains(find, json, StringComparison.Ordinal);
        var bad = json.Replace(find, replace, StringComparison.Ordinal);

        var ex = Assert.Throws<RuleSetException>(() => RuleSetLoader.Parse(bad, "bad.json"));

        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expectedMessage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_kind_and_invalid_json_are_refused()
    {
        var withoutPetition = RuleSetJson.Valid().Replace(",\n    \"petition\": {\n      \"handle\": { \"period\": 10, \"unit\": \"workingDays\", \"from\": \"receipt\" }\n    }", "", StringComparison.Ordinal);
        Assert.DoesNotContain("petition", withoutPetition, StringComparison.Ordinal);
        Assert.Contains("kind 'petition' is missing", Assert.Throws<RuleSetException>(() => RuleSetLoader.Parse(withoutPetition, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<RuleSetException>(() => RuleSetLoader.Parse("{ \"name\": ", "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_effective_dates_are_refused()
    {
        var a = RuleSetLoader.Parse(RuleSetJson.Valid("dup", "2024-01-01"), "a.json");
        var b = RuleSetLoader.Parse(RuleSetJson.Valid("dup", "2024-01-01", firstResolve: 20), "b.json");

        var ex = Assert.Throws<RuleSetException>(() => RuleSetCatalog.Create([a, b]));

        Assert.Contains("'dup' has more than one version effective from 2024-01-01 (a.json, b.json)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_or_looping_fallbacks_are_refused()
    {
        var orphan = RuleSetLoader.Parse(RuleSetJson.Valid("orphan").Replace("\"effectiveFrom\"", "\"fallbackTo\": \"nowhere\", \"effectiveFrom\"", StringComparison.Ordinal), "o.json");
        Assert.Contains("falls back to unknown rule set 'nowhere'", Assert.Throws<RuleSetException>(() => RuleSetCatalog.Create([orphan])).Message, StringComparison.Ordinal);

        var a = RuleSetLoader.Parse(RuleSetJson.Valid("a").Replace("\"effectiveFrom\"", "\"fallbackTo\": \"b\", \"effectiveFrom\"", StringComparison.Ordinal), "a.json");
        var b = RuleSetLoader.Parse(RuleSetJson.Valid("b").Replace("\"effectiveFrom\"", "\"fallbackTo\": \"a\", \"effectiveFrom\"", StringComparison.Ordinal), "b.json");
        Assert.Contains("falls back in a loop", Assert.Throws<RuleSetException>(() => RuleSetCatalog.Create([a, b])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_names_and_dates_before_any_version_are_reported()
    {
        Assert.Throws<KeyNotFoundException>(() => Catalog.For("nowhere", D("2026-01-01")));
        Assert.Throws<KeyNotFoundException>(() => Catalog.For("default", D("2018-12-31")));
        Assert.False(Catalog.TryFor("default", D("2018-12-31"), out _));
    }
}
