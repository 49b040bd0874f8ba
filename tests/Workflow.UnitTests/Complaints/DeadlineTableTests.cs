using Workflow.Complaints;
using static Workflow.UnitTests.Complaints.ComplaintsTestData;
using Workflow.Complaints.Deadlines;
using Workflow.Complaints.Rules;

namespace Workflow.UnitTests.Complaints;

/// <summary>
/// Deadlines computed by hand from SPEC §3 (Civil Code 2015 Art. 147–148: the day of the event is not
/// counted; a last day on a weekend or holiday moves to the next working day; working days skip
/// weekends, holidays and nghỉ bù and count làm bù Saturdays). Weekdays were worked out from
/// 1 Jan 2025 = Wed, 1 Jan 2026 = Thu, 1 Jan 2027 = Fri, 1 Jan 2028 = Sat.
/// </summary>
public sealed class DeadlineTableTests
{
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Theory]
    // --- first-time complaint (accept 10 days from receipt; resolve 30 / complex 45 / remote 45 / both 60 from acceptance)
    // SPEC example: received Mon 1/3/2027 + 10 = Thu 11/3, a working day.
    [InlineData("default", "firstComplaint", "2027-03-01", "2027-03-08", "", "", "accept", "2027-03-11")]
    // SPEC example: accepted Mon 8/3/2027 + 30 = 38 March = Wed 7/4/2027 (Hùng Kings 2027 is 16/4).
    [InlineData("default", "firstComplaint", "2027-03-01", "2027-03-08", "", "", "resolve", "2027-04-07")]
    // Complex: 8/3/2027 + 45 = Thu 22/4/2027.
    [InlineData("default", "firstComplaint", "2027-03-01", "2027-03-08", "complex", "", "resolve", "2027-04-22")]
    // Remote area: Tue 18/3/2025 + 45 = Fri 2/5/2025, the day off swapped for Sat 26/4; 3–4/5 weekend → Mon 5/5.
    [InlineData("default", "firstComplaint", "2025-03-10", "2025-03-18", "remoteArea", "", "resolve", "2025-05-05")]
    // Complex + remote: Fri 3/10/2025 + 60 = 2/12/2025 (Tue).
    [InlineData("default", "firstComplaint", "2025-09-29", "2025-10-03", "complex,remoteArea", "", "resolve", "2025-12-02")]
    // Ends on a Saturday: Wed 4/6/2025 + 10 = Sat 14/6 → Mon 16/6.
    [InlineData("default", "firstComplaint", "2025-06-04", "", "", "", "accept", "2025-06-16")]
    // Ends on a Sunday: Thu 5/6/2025 + 10 = Sun 15/6 → Mon 16/6.
    [InlineData("default", "firstComplaint", "2025-06-05", "", "", "", "accept", "2025-06-16")]
    // Ends on 30/4: Mon 20/4/2026 + 10 = Thu 30/4; Fri 1/5 holiday, 2–3/5 weekend → Mon 4/5.
    [InlineData("default", "firstComplaint", "2026-04-20", "", "", "", "accept", "2026-05-04")]
    // Ends on 1/1 with a swap: Mon 22/12/2025 + 10 = Thu 1/1/2026; Fri 2/1 swapped off; 3–4/1 weekend → Mon 5/1.
    [InlineData("default", "firstComplaint", "2025-12-22", "", "", "", "accept", "2026-01-05")]
    // Across Tết 2025: Mon 20/1/2025 + 10 = Thu 30/1 (mùng 2); Fri 31/1 Tết; 1–2/2 weekend → Mon 3/2.
    [InlineData("default", "firstComplaint", "2025-01-20", "", "", "", "accept", "2025-02-03")]
    // Hùng Kings on a Monday: Fri 28/3/2025 + 10 = Mon 7/4/2025 (10/3 lunar) → Tue 8/4.
    [InlineData("default", "firstComplaint", "2025-03-28", "", "", "", "accept", "2025-04-08")]
    // Ends on a làm bù Saturday: Wed 31/12/2025 + 10 = Sat 10/1/2026, worked in exchange for 2/1, so a working day: stays.
    [InlineData("default", "firstComplaint", "2025-12-31", "", "", "", "accept", "2026-01-10")]
    // Computed year (no data for 2028): Sat 15/1/2028 + 10 = Tue 25/1 (giao thừa); 26–28 Tết; Sat 29 (mùng 4) and Sun 30;
    // Mon 31/1 is nghỉ bù for mùng 4 on a Saturday → Tue 1/2/2028.
    [InlineData("default", "firstComplaint", "2028-01-15", "", "", "", "accept", "2028-02-01")]
    // Provincial override (29 days, in force from 2026-01-01): 8/3/2027 + 29 = Tue 6/4/2027.
    [InlineData("province-strict", "firstComplaint", "2027-03-01", "2027-03-08", "", "", "resolve", "2027-04-06")]
    // Override chosen, but received before it existed: the default in force then applies. Mon 9/6/2025 + 30 = Wed 9/7/2025.
    [InlineData("province-strict", "firstComplaint", "2025-06-02", "2025-06-09", "", "", "resolve", "2025-07-09")]

    // --- second-time complaint (accept 10; resolve 45 / complex 60 / remote 60 / both 70)
    // Ends on 1/1/2027: Tue 22/12/2026 + 10 = Fri 1/1/2027; 2–3/1 weekend → Mon 4/1/2027.
    [InlineData("default", "secondComplaint", "2026-12-22", "", "", "", "accept", "2027-01-04")]
    // Hùng Kings on a Sunday: Thu 12/3/2026 + 45 = Sun 26/4 (10/3 lunar); Mon 27/4 nghỉ bù → Tue 28/4.
    [InlineData("default", "secondComplaint", "2026-03-05", "2026-03-12", "", "", "resolve", "2026-04-28")]
    // Complex, ends on National Day: Fri 3/7/2026 + 60 = Tue 1/9; Wed 2/9 holiday → Thu 3/9.
    [InlineData("default", "secondComplaint", "2026-07-01", "2026-07-03", "complex", "", "resolve", "2026-09-03")]
    // Remote, across the year end: Mon 2/11/2026 + 60 = Fri 1/1/2027 → Mon 4/1/2027.
    [InlineData("default", "secondComplaint", "2026-10-26", "2026-11-02", "remoteArea", "", "resolve", "2027-01-04")]
    // Complex + remote: Wed 1/7/2026 + 70 = Wed 9/9/2026.
    [InlineData("default", "secondComplaint", "2026-06-25", "2026-07-01", "complex,remoteArea", "", "resolve", "2026-09-09")]

    // --- denunciation (classify 7 working days, 10 if several places, from receipt; resolve 30 + extensions from acceptance)
    // Across Tết 2026: received Wed 11/2; 12 Thu (1), 13 Fri (2), 14–22 off, 23 (3), 24 (4), 25 (5), 26 (6), Fri 27/2 (7).
    [InlineData("default", "denunciation", "2026-02-11", "", "", "", "classify", "2026-02-27")]
    // 30/4–1/5 2025 with làm bù: received Thu 24/4; 25 (1), Sat 26 làm bù (2), 28 (3), 29 (4), 30/4–4/5 off, 5/5 (5), 6 (6), Wed 7/5 (7).
    [InlineData("default", "denunciation", "2025-04-24", "", "", "", "classify", "2025-05-07")]
    // Several places, same dates: ... 7/5 (7), 8 (8), Fri 9 (9), Mon 12/5 (10).
    [InlineData("default", "denunciation", "2025-04-24", "", "severalPlaces", "", "classify", "2025-05-12")]
    // National Day 2027 (2/9 Thu + 3/9 Fri): received Mon 30/8; 31 (1), 1/9 (2), 6 (3), 7 (4), 8 (5), 9 (6), Fri 10/9 (7).
    [InlineData("default", "denunciation", "2027-08-30", "", "", "", "classify", "2027-09-10")]
    // Resolve, no extension: Fri 1/8/2025 + 30 = Sun 31/8; 1/9 and 2/9 holidays → Wed 3/9/2025.
    [InlineData("default", "denunciation", "2025-07-25", "2025-08-01", "", "", "resolve", "2025-09-03")]
    // Complex, one extension of 30: Mon 4/8/2025 + 60 = Fri 3/10/2025.
    [InlineData("default", "denunciation", "2025-07-28", "2025-08-04", "complex", "30", "resolve", "2025-10-03")]
    // Especially complex, two extensions 30 + 20: Mon 5/1/2026 + 80 = 26 + 28 (Feb) + 26 → Thu 26/3/2026.
    [InlineData("default", "denunciation", "2025-12-29", "2026-01-05", "especiallyComplex", "30,20", "resolve", "2026-03-26")]

    // --- petition (handle 10 working days from receipt)
    // Received Mon 20/4/2026: 21 (1), 22 (2), 23 (3), 24 (4), Mon 27 nghỉ bù for Hùng Kings, 28 (5), 29 (6),
    // 30/4–3/5 off, 4/5 (7), 5 (8), 6 (9), Thu 7/5 (10).
    [InlineData("default", "petition", "2026-04-20", "", "", "", "handle", "2026-05-07")]
    public void Due_date_matches_the_hand_computed_table(string ruleSet, string kind, string received, string accepted, string flags, string extensions, string stage, string expectedDue)
    {
        Assert.True(ComplaintVocabulary.TryParseKind(kind, out var caseKind));
        Assert.True(ComplaintVocabulary.TryParseStage(stage, out var caseStage));
        var flagSet = flags.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var extensionList = extensions.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select((days, i) => new Extension($"{i + 1}/QĐ-TEST", D(accepted), int.Parse(days, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var facts = new CaseFacts(
            caseKind,
            D(received),
            accepted.Length == 0 ? null : D(accepted),
            Complex: flagSet.Contains("complex"),
            EspeciallyComplex: flagSet.Contains("especiallyComplex"),
            RemoteArea: flagSet.Contains("remoteArea"),
            SeveralPlaces: flagSet.Contains("severalPlaces"),
            Extensions: extensionList);

        var rules = Catalog.For(ruleSet, facts.ReceivedOn);
        var result = CaseDeadlines.Compute(facts, rules, Calendar, D(received));

        Assert.Empty(result.Errors);
        var deadline = Assert.Single(result.Deadlines, d => d.Stage == caseStage);
        Assert.Equal(D(expectedDue), deadline.Due);
    }

    [Fact]
    public void Answer_carries_every_stage_with_days_left_and_unit()
    {
        // SPEC example: accept due 11/3/2027, resolve due 7/4/2027; today 10/3 → 1 and 28 days left.
        var facts = new CaseFacts(CaseKind.FirstComplaint, D("2027-03-01"), D("2027-03-08"));
        var result = CaseDeadlines.Compute(facts, Catalog.For("default", facts.ReceivedOn), Calendar, D("2027-03-10"));

        Assert.Equal(
            [
                new StageDeadline(Stage.Accept, D("2027-03-11"), 1, CountingUnit.Days),
                new StageDeadline(Stage.Resolve, D("2027-04-07"), 28, CountingUnit.Days),
            ],
            result.Deadlines);
    }

    [Fact]
    public void Deadline_serialises_as_the_SPEC_answer()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(
            new StageDeadline(Stage.Accept, D("2027-03-11"), 1, CountingUnit.WorkingDays),
            WebJson);

        Assert.Equal("""{"stage":"accept","due":"2027-03-11","daysLeft":1,"countedIn":"workingDays"}""", json);
    }

    [Fact]
    public void Days_left_is_zero_on_the_day_and_negative_when_overdue()
    {
        var facts = new CaseFacts(CaseKind.Petition, D("2026-04-20"));
        var rules = Catalog.For("default", facts.ReceivedOn);

        Assert.Equal(0, CaseDeadlines.Compute(facts, rules, Calendar, D("2026-05-07")).Deadlines[0].DaysLeft);
        Assert.Equal(-3, CaseDeadlines.Compute(facts, rules, Calendar, D("2026-05-10")).Deadlines[0].DaysLeft);
        Assert.Equal(CountingUnit.WorkingDays, CaseDeadlines.Compute(facts, rules, Calendar, D("2026-05-10")).Deadlines[0].CountedIn);
    }

    [Fact]
    public void Resolve_stage_waits_for_acceptance()
    {
        var denunciation = new CaseFacts(CaseKind.Denunciation, D("2026-02-11"));
        var result = CaseDeadlines.Compute(denunciation, Catalog.For("default", denunciation.ReceivedOn), Calendar, D("2026-02-11"));

        var only = Assert.Single(result.Deadlines);
        Assert.Equal(Stage.Classify, only.Stage);
        Assert.Equal(CountingUnit.WorkingDays, only.CountedIn);
    }

    [Fact]
    public void A_case_keeps_the_rule_set_in_force_on_its_receipt_date()
    {
        // Two versions of one name: 30 days until the end of 2026, 25 days from 2027.
        var v1 = RuleSetLoader.Parse(RuleSetJson.Valid("custom", "2019-01-01", firstResolve: 30), "v1");
        var v2 = RuleSetLoader.Parse(RuleSetJson.Valid("custom", "2027-01-01", firstResolve: 25), "v2");
        var catalog = RuleSetCatalog.Create([v2, v1]);

        Assert.Same(v1, catalog.For("custom", D("2026-12-31")));
        Assert.Same(v2, catalog.For("custom", D("2027-01-01")));

        // Received 31/12/2026 but accepted in 2027: still 30 days. Mon 4/1/2027 + 30 = Wed 3/2/2027.
        var facts = new CaseFacts(CaseKind.FirstComplaint, D("2026-12-31"), D("2027-01-04"));
        var due = CaseDeadlines.Compute(facts, catalog.For("custom", facts.ReceivedOn), Calendar, D("2027-01-04")).Deadlines[1].Due;
        Assert.Equal(D("2027-02-03"), due);
    }
}
