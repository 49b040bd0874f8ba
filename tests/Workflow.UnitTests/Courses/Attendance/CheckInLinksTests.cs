using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses.Attendance;
using Workflow.Courses.Links;
using Workflow.Hosting;
using Workflow.Testing.Qr;

namespace Workflow.UnitTests.Courses.Attendance;

/// <summary>The check-in link (its own purpose, valid until the last session ends) and its QR code, decoded back.</summary>
public sealed class CheckInLinksTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 5, 1, 0, 0, 0, TimeSpan.Zero));

    private LinkTokens Tokens() => new(
        Options.Create(new LinkOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray()) } }),
        _time);

    [Fact]
    public void The_link_is_a_check_in_token_valid_until_the_last_session_ends_and_no_reply_token()
    {
        var tokens = Tokens();
        var course = AttendanceRulesTests.Course();
        var links = new CheckInLinks(tokens, Options.Create(new WorkflowOptions { PublicBaseUrl = "https://dieuhanh.example.vn/" }));
        var link = links.Link(course, AttendanceRulesTests.Person());

        Assert.StartsWith("https://dieuhanh.example.vn/api/r/", link, StringComparison.Ordinal);
        var token = link[(link.LastIndexOf('/') + 1)..];
        Assert.Equal(LinkCheck.Valid, tokens.Verify(token, LinkPurpose.CheckIn, out var claims));
        Assert.Equal((course.Id, "a1a1a1a1a1a1a1a1a1a1", course.Definition.Sessions[1].End), (claims!.CourseId, claims.InviteeId, claims.ExpiresAt));
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(token, LinkPurpose.Rsvp, out _));
        _time.SetUtcNow(course.Definition.Sessions[1].End);
        Assert.Equal(LinkCheck.Expired, tokens.Verify(token, LinkPurpose.CheckIn, out _));
    }

    [Fact]
    public void The_qr_code_decodes_back_to_the_same_link()
    {
        const string link = "https://dieuhanh.example.vn/api/r/k1.eyJDIjoiYzBmZmVlMDAwMDAwMDAwMSIsIkkiOiJhMWExYTFhMWExYTFhMWExYTFhMSIsIlAiOiJDaGVja0luIiwiWCI6MTgxMDg3NjQwMH0.3q2-7w_signature_part_AbCdEf0123456789";
        Assert.Equal(link, QrDecoding.Decode(CheckInLinks.QrPng(link)));
        Assert.Equal(link + "/qr", CheckInLinks.QrImageOf(link));
    }
}
