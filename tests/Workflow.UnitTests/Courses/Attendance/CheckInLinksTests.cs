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

    /// <summary>
    /// Links hold random tokens: every one of many must read back (a decoder that misses some made the browser test of the
    /// check-in page fail now and then; the seed keeps the contents the same on every run).
    /// </summary>
    [Fact]
    public void Qr_codes_of_many_random_links_all_decode_back_to_their_link()
    {
        var random = new Random(20261207);
        var missed = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var bytes = new byte[96 + random.Next(32)];
            random.NextBytes(bytes);
            var link = $"http://127.0.0.1:{40000 + i}/api/r/e2e.{Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
            if (QrDecoding.Decode(CheckInLinks.QrPng(link)) != link)
            {
                missed.Add(link);
            }
        }

        Assert.Empty(missed);
    }

    [Fact]
    public void The_qr_code_decodes_back_to_the_same_link()
    {
        const string link = "https://dieuhanh.example.vn/api/r/k1.eyJDIjoiYzBmZmVlMDAwMDAwMDAwMSIsIkkiOiJhMWExYTFhMWExYTFhMWExYTFhMSIsIlAiOiJDaGVja0luIiwiWCI6MTgxMDg3NjQwMH0.3q2-7w_signature_part_AbCdEf0123456789";
        Assert.Equal(link, QrDecoding.Decode(CheckInLinks.QrPng(link)));
        Assert.Equal(link + "/qr", CheckInLinks.QrImageOf(link));
    }
}
