using System.Globalization;

namespace Workflow.UnitTests.Complaints;

/// <summary>Rule-set documents for tests, valid unless a test edits them.</summary>
internal static class RuleSetJson
{
    public static string Valid(string name = "test", string effectiveFrom = "2019-01-01", int firstResolve = 30) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "name": "{{name}}",
          "effectiveFrom": "{{effectiveFrom}}",
          "kinds": {
            "firstComplaint": {
              "accept": { "period": 10, "unit": "days", "from": "receipt" },
              "resolve": { "period": {{firstResolve}}, "unit": "days", "from": "acceptance", "complex": 45, "remoteArea": 45, "complexRemoteArea": 60 }
            },
            "secondComplaint": {
              "accept": { "period": 10, "unit": "days", "from": "receipt" },
              "resolve": { "period": 45, "unit": "days", "from": "acceptance", "complex": 60, "remoteArea": 60, "complexRemoteArea": 70 }
            },
            "denunciation": {
              "classify": { "period": 7, "unit": "workingDays", "from": "receipt", "severalPlaces": 10 },
              "resolve": { "period": 30, "unit": "days", "from": "acceptance", "extensions": { "maxDaysEach": 30, "maxCountComplex": 1, "maxCountEspeciallyComplex": 2 } }
            },
            "petition": {
              "handle": { "period": 10, "unit": "workingDays", "from": "receipt" }
            }
          }
        }
        """);
}
