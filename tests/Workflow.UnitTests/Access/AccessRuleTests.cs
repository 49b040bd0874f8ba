using System.Text;
using Workflow.Access;

namespace Workflow.UnitTests.Access;

/// <summary>
/// Issue 17: a route's rule admits by role (and, for the timers' admin route, by key only); an officer handles the cases
/// of his own units, the unit names compared in one form (case, inner spaces, Unicode composition), as the people table
/// and the case form may write them differently.
/// </summary>
public sealed class AccessRuleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static Caller Person(Roles roles, params string[] units) =>
        new Person("someone@tinh.vn", "Someone", roles, units, At, Author.System).AsCaller(CallerSource.DevSignIn);

    private static Caller Key(Roles roles, bool allUnits = false, params string[] units) =>
        new(CallerSource.Key, "script", "script", roles, Caller.UnitSet(units), allUnits);

    [Fact]
    public void An_open_route_admits_anyone_a_signed_in_route_any_known_caller_whatever_his_roles()
    {
        Assert.True(RouteRule.Anonymous.Admits(Caller.Anonymous));
        Assert.True(RouteRule.Anonymous.Admits(Person(Roles.Leader)));

        Assert.False(RouteRule.SignedIn.Admits(Caller.Anonymous));
        Assert.True(RouteRule.SignedIn.Admits(Person(Roles.Leader)));
        Assert.True(RouteRule.SignedIn.Admits(Person(Roles.None)));
        Assert.True(RouteRule.SignedIn.Admits(Key(Roles.Officer, units: "Thanh tra tỉnh")));
    }

    [Fact]
    public void A_role_route_admits_a_caller_holding_any_of_its_roles_and_no_one_else()
    {
        var organisers = RouteRule.Role(Roles.Organiser);
        var readers = RouteRule.Role(Roles.Organiser | Roles.Leader);

        Assert.True(organisers.Admits(Person(Roles.Organiser)));
        Assert.True(organisers.Admits(Person(Roles.Officer | Roles.Organiser, "Thanh tra tỉnh")));
        Assert.False(organisers.Admits(Person(Roles.Leader)));
        Assert.False(organisers.Admits(Person(Roles.Officer | Roles.Leader | Roles.Administrator, "Thanh tra tỉnh")));
        Assert.False(organisers.Admits(Person(Roles.None)));
        Assert.False(organisers.Admits(Caller.Anonymous));
        // Roles alone do not make a caller known: an anonymous caller holding a role (never made so) is still refused.
        Assert.False(organisers.Admits(Caller.Anonymous with { Roles = Roles.Organiser }));

        Assert.True(readers.Admits(Person(Roles.Leader)));
        Assert.True(readers.Admits(Key(Roles.Organiser)));
        Assert.False(readers.Admits(Key(Roles.Officer, allUnits: true)));
    }

    [Fact]
    public void A_key_only_route_refuses_a_person_holding_its_role()
    {
        var adminRun = new RouteRule(Roles.Administrator, KeyOnly: true);

        Assert.True(adminRun.Admits(Key(Roles.Administrator | Roles.Leader)));
        Assert.False(adminRun.Admits(Person(Roles.Administrator)));
        Assert.False(adminRun.Admits(Person(Roles.Administrator) with { Source = CallerSource.EasyAuth }));
        Assert.False(adminRun.Admits(Key(Roles.Organiser | Roles.Officer, allUnits: true)));
    }

    [Theory]
    [InlineData("UBND phường Hải Châu")]
    [InlineData("ubnd phường hải châu")]
    [InlineData("UBND PHƯỜNG HẢI CHÂU")]
    [InlineData("  UBND   phường Hải  Châu ")]
    [InlineData("decomposed")]
    public void An_officer_handles_his_unit_written_in_any_case_spacing_or_composition(string written)
    {
        var unit = written == "decomposed" ? "UBND phường Hải Châu".Normalize(NormalizationForm.FormD) : written;
        Assert.NotEqual("UBND phường Hải Châu".Length, "UBND phường Hải Châu".Normalize(NormalizationForm.FormD).Length);

        // The unit as the people table holds it, and as a case names it, each written either way.
        Assert.True(Person(Roles.Officer, "UBND phường Hải Châu").HandlesUnit(unit));
        Assert.True(Person(Roles.Officer, unit).HandlesUnit("UBND phường Hải Châu"));
        Assert.True(Person(Roles.Officer, unit).SeesUnit("ubnd phường hải châu"));
    }

    [Fact]
    public void An_officer_does_not_handle_another_unit_nor_a_unit_that_only_looks_alike()
    {
        var officer = Person(Roles.Officer, "UBND phường Hải Châu");

        Assert.False(officer.HandlesUnit("Thanh tra tỉnh"));
        Assert.False(officer.HandlesUnit("UBND phường Hải Châu 2"));
        Assert.False(officer.HandlesUnit("UBND phuong Hai Chau")); // no diacritics: another name
        Assert.False(officer.HandlesUnit("UBNDphường Hải Châu"));
        Assert.False(officer.HandlesUnit(""));
        Assert.False(officer.HandlesUnit(null));
        Assert.False(officer.SeesUnit("Thanh tra tỉnh"));
    }

    [Fact]
    public void Only_an_officer_handles_cases_a_leader_sees_every_unit_but_handles_none()
    {
        var leader = Person(Roles.Leader, "UBND phường Hải Châu");
        var organiser = Person(Roles.Organiser | Roles.Administrator, "UBND phường Hải Châu");
        var everyUnitButNoOfficer = Key(Roles.Organiser | Roles.Leader, allUnits: true);
        var officerOfEveryUnit = Key(Roles.Officer, allUnits: true);

        Assert.False(leader.HandlesUnit("UBND phường Hải Châu"));
        Assert.True(leader.SeesUnit("Thanh tra tỉnh"));
        Assert.False(organiser.HandlesUnit("UBND phường Hải Châu"));
        Assert.False(organiser.SeesUnit("UBND phường Hải Châu"));
        Assert.False(everyUnitButNoOfficer.HandlesUnit("Thanh tra tỉnh"));
        Assert.True(officerOfEveryUnit.HandlesUnit("Thanh tra tỉnh"));
        Assert.True(officerOfEveryUnit.HandlesUnit("any unit at all"));
        Assert.False(officerOfEveryUnit.HandlesUnit(null));
    }

    [Fact]
    public void Every_route_rule_of_the_table_refuses_the_anonymous_caller_unless_it_is_open()
    {
        Assert.All(RouteAccess.Rules, r => Assert.Equal(r.Value.Open, r.Value.Admits(Caller.Anonymous)));
    }
}
