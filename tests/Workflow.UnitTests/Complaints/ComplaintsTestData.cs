using System.Globalization;
using Workflow.Complaints.Calendar;
using Workflow.Complaints.Rules;

namespace Workflow.UnitTests.Complaints;

/// <summary>The built-in data, loaded once for the whole test run, as the hosts load it.</summary>
internal static class ComplaintsTestData
{
    public static HolidayCalendar Calendar { get; } = HolidayCalendar.LoadBuiltIn();

    public static RuleSetCatalog Catalog { get; } = RuleSetCatalog.LoadBuiltIn();

    public static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
