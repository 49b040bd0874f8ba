using System.Text.Json;
using Workflow.Complaints.Identity;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Complaints;

public sealed class DenunciationIdentityGuardTests
{
    private const string SpecExample = """
        {
          "code": "KN-2027-0012",
          "kind": "firstComplaint",
          "receivedOn": "2027-03-01",
          "acceptedOn": "2027-03-08",
          "complex": false,
          "remoteArea": false,
          "severalPlaces": false,
          "handlingUnit": "UBND phường Hoa Lư",
          "officerEmails": ["thanhtra@hoalu.example.vn"],
          "subject": "Khiếu nại quyết định thu hồi đất"
        }
        """;

    private const string Secret = "Nguyễn Văn Bí Mật 0912345678";

    private static IdentityGuardResult Inspect(string json)
    {
        using var document = JsonDocument.Parse(json);
        return DenunciationIdentityGuard.Inspect(document.RootElement);
    }

    private static string WithField(string name) =>
        SpecExample.Replace("\"kind\": \"firstComplaint\"", $"\"kind\": \"denunciation\", {JsonSerializer.Serialize(name)}: {JsonSerializer.Serialize(Secret)}", StringComparison.Ordinal);

    [Fact]
    public void Accepts_the_SPEC_example_as_a_denunciation()
    {
        var result = Inspect(SpecExample.Replace("firstComplaint", "denunciation", StringComparison.Ordinal));
        Assert.True(result.IsAccepted);
        Assert.True(Inspect(SpecExample.Replace("\"complex\": false", "\"complex\": true, \"especiallyComplex\": true", StringComparison.Ordinal)).IsAccepted);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("fullName")]
    [InlineData("full_name")]
    [InlineData("FULLNAME")]
    [InlineData("hoTen")]
    [InlineData("address")]
    [InlineData("diaChi")]
    [InlineData("phone")]
    [InlineData("phoneNumber")]
    [InlineData("soDienThoai")]
    [InlineData("idNumber")]
    [InlineData("citizenId")]
    [InlineData("cccd")]
    [InlineData("cmnd")]
    [InlineData("passport")]
    [InlineData("email")]
    [InlineData("denouncerName")]
    [InlineData("denouncer")]
    [InlineData("reporterPhone")]
    [InlineData("reporter")]
    [InlineData("whistleblowerEmail")]
    [InlineData("nguoiToCao")]
    [InlineData("dateOfBirth")]
    [InlineData("homeAddress")]
    public void Refuses_each_identity_field_without_echoing_its_value(string field)
    {
        var result = Inspect(WithField(field));

        Assert.False(result.IsAccepted);
        var refused = Assert.Single(result.Refused);
        Assert.Equal(new RefusedField(field, RefusalReason.Identity), refused);
        AssertNoValueEchoed(result);
    }

    [Theory]
    [InlineData("notes")]
    [InlineData("contact")]
    [InlineData("id")]
    [InlineData("status")]
    [InlineData("attachments")]
    public void Refuses_any_unknown_field(string field)
    {
        var result = Inspect(WithField(field));

        Assert.Equal([new RefusedField(field, RefusalReason.UnknownField)], result.Refused);
        AssertNoValueEchoed(result);
    }

    [Fact]
    public void Refuses_nested_identity_and_hides_field_names_that_are_personal_data()
    {
        var json = SpecExample.Replace(
            "\"code\": \"KN-2027-0012\",",
            $"\"code\": \"KN-2027-0012\", \"denouncer\": {{ \"name\": \"{Secret}\", \"contacts\": [ {{ \"phone\": \"0912345678\" }} ] }}, \"{Secret}\": true,",
            StringComparison.Ordinal);

        var result = Inspect(json);

        Assert.Equal(
            [
                new RefusedField("denouncer", RefusalReason.Identity),
                new RefusedField("denouncer.name", RefusalReason.Identity),
                new RefusedField("denouncer.contacts", RefusalReason.UnknownField),
                new RefusedField("denouncer.contacts[0].phone", RefusalReason.Identity),
                new RefusedField("(field 1)", RefusalReason.UnknownField),
            ],
            result.Refused);
        AssertNoValueEchoed(result);
    }

    [Fact]
    public void Gives_the_legal_reason_in_Vietnamese_and_English_and_a_problem_errors_map()
    {
        var result = Inspect(WithField("fullName"));

        Assert.Contains("Luật Tố cáo năm 2018", result.Reason.Vi(), StringComparison.Ordinal);
        Assert.Contains("Điều 9, Điều 47 và Điều 48", result.Reason.Vi(), StringComparison.Ordinal);
        Assert.Contains("Law on Denunciation 2018", result.Reason.En(), StringComparison.Ordinal);
        Assert.Contains("Articles 9, 47 and 48", result.Reason.En(), StringComparison.Ordinal);
        var errors = result.ToProblemErrors();
        Assert.Equal(["fullName"], errors.Keys);
        var message = Assert.Single(errors["fullName"]);
        Assert.Contains("Luật Tố cáo 2018", message.Vi(), StringComparison.Ordinal);
        Assert.Contains("Law on Denunciation 2018", message.En(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused()
    {
        Assert.Equal([new RefusedField("body", RefusalReason.UnknownField)], Inspect("[1, 2]").Refused);
    }

    private static void AssertNoValueEchoed(IdentityGuardResult result)
    {
        var everything = string.Join("|", result.Refused.Select(r => r.Field))
            + string.Join("|", result.ToProblemErrors().SelectMany(e => e.Value.Select(m => m.Vi() + m.En()))) + result.Reason.Vi() + result.Reason.En();
        Assert.DoesNotContain("Bí Mật", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn", everything, StringComparison.Ordinal);
    }
}
