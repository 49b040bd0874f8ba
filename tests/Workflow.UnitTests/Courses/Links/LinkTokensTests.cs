using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workflow.Courses.Links;
using Workflow.Hosting;

namespace Workflow.UnitTests.Courses.Links;

public sealed class LinkTokensTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    private static readonly DateTimeOffset Now = new(2027, 5, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly LinkClaims Claims = new("c0ffee0123456789", "a1b2c3d4e5f60718293a", LinkPurpose.Rsvp, new DateTimeOffset(2027, 5, 13, 7, 0, 0, TimeSpan.Zero));

    private readonly FakeTimeProvider _time = new(Now);

    private LinkTokens Tokens(string activeKeyId, params (string Id, string Secret)[] keys) =>
        new(Options.Create(new LinkOptions { ActiveKeyId = activeKeyId, Keys = keys.ToDictionary(k => k.Id, k => k.Secret) }), _time);

    /// <summary>Builds a token exactly as the documented format says, so tests can sign what the product would never create.</summary>
    private static string HandMade(string keyId, string secret, string payloadJson)
    {
        var head = keyId + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(secret), Encoding.ASCII.GetBytes(head));
        return head + "." + Base64Url.EncodeToString(signature);
    }

    [Fact]
    public void A_created_token_verifies_with_its_claims()
    {
        var tokens = Tokens("k1", ("k1", KeyA));

        var token = tokens.Create(Claims);

        Assert.Equal(LinkCheck.Valid, tokens.Verify(token, LinkPurpose.Rsvp, out var claims));
        Assert.Equal(Claims, claims);
        Assert.StartsWith("k1.", token, StringComparison.Ordinal);
        Assert.Equal(3, token.Split('.').Length);
        // URL-safe as it stands: it goes into a path segment of an email link.
        Assert.Matches("^[A-Za-z0-9_.-]+$", token);
    }

    [Fact]
    public void The_documented_format_is_what_the_product_signs()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var json = $$"""{"C":"{{Claims.CourseId}}","I":"{{Claims.InviteeId}}","P":"Rsvp","X":{{Claims.ExpiresAt.ToUnixTimeSeconds()}}}""";

        Assert.Equal(LinkCheck.Valid, tokens.Verify(HandMade("k1", KeyA, json), LinkPurpose.Rsvp, out var claims));
        Assert.Equal(Claims, claims);
    }

    [Fact]
    public void A_tampered_payload_is_invalid_and_reveals_no_claims()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var parts = tokens.Create(Claims).Split('.');
        // Another invitee's id in the payload, the old signature kept.
        var forged = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace(Claims.InviteeId, "ffffffffffffffffffff", StringComparison.Ordinal);
        var token = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)) + "." + parts[2];

        Assert.Equal(LinkCheck.Invalid, tokens.Verify(token, LinkPurpose.Rsvp, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void Every_single_character_change_is_invalid()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var token = tokens.Create(Claims);

        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var replacement = token[i] == 'A' ? 'B' : 'A';
            var tampered = string.Concat(token.AsSpan(0, i), new string(replacement, 1), token.AsSpan(i + 1));
            Assert.True(LinkCheck.Invalid == tokens.Verify(tampered, LinkPurpose.Rsvp, out _), $"position {i} of {token}");
        }
    }

    [Fact]
    public void A_tampered_signature_is_invalid()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var parts = tokens.Create(Claims).Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[0] ^= 0x01;

        Assert.Equal(LinkCheck.Invalid, tokens.Verify(parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(signature), LinkPurpose.Rsvp, out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(parts[0] + "." + parts[1] + ".", LinkPurpose.Rsvp, out _));
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(parts[0] + "." + parts[1], LinkPurpose.Rsvp, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("k1")]
    [InlineData("k1..")]
    [InlineData("k1.!!!.???")]
    [InlineData("a.b.c.d")]
    public void Malformed_tokens_are_invalid_without_throwing(string? token)
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(token, LinkPurpose.Rsvp, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void An_overlong_token_is_invalid()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var longClaims = Claims with { InviteeId = new string('x', 1200) };
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(tokens.Create(longClaims), LinkPurpose.Rsvp, out _));
    }

    [Fact]
    public void A_token_with_an_unknown_key_id_is_invalid()
    {
        var signer = Tokens("k9", ("k9", KeyA));
        var verifier = Tokens("k1", ("k1", KeyA)); // same secret, but k9 is not configured here

        Assert.Equal(LinkCheck.Invalid, verifier.Verify(signer.Create(Claims), LinkPurpose.Rsvp, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void A_token_signed_by_another_key_under_the_same_id_is_invalid()
    {
        var stranger = Tokens("k1", ("k1", KeyB));
        var product = Tokens("k1", ("k1", KeyA));

        Assert.Equal(LinkCheck.Invalid, product.Verify(stranger.Create(Claims), LinkPurpose.Rsvp, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void A_correctly_signed_token_for_another_purpose_is_invalid()
    {
        // Only one purpose exists today; a future purpose (a nomination link) signed with the real key must not open the RSVP page.
        var tokens = Tokens("k1", ("k1", KeyA));
        var json = $$"""{"C":"{{Claims.CourseId}}","I":"{{Claims.InviteeId}}","P":"Nomination","X":{{Claims.ExpiresAt.ToUnixTimeSeconds()}}}""";

        Assert.Equal(LinkCheck.Invalid, tokens.Verify(HandMade("k1", KeyA, json), LinkPurpose.Rsvp, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void A_verifier_asking_for_another_purpose_refuses_an_rsvp_token()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var token = tokens.Create(Claims);

        Assert.Equal(LinkCheck.Invalid, tokens.Verify(token, (LinkPurpose)1, out var claims));
        Assert.Null(claims);
    }

    [Theory]
    [InlineData(LinkPurpose.Rsvp)]
    [InlineData(LinkPurpose.Nominate)]
    [InlineData(LinkPurpose.CheckIn)]
    [InlineData(LinkPurpose.Survey)]
    [InlineData(LinkPurpose.Report)]
    public void The_single_verification_returns_the_claims_of_any_purpose_and_the_purposed_one_agrees(LinkPurpose purpose)
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var token = tokens.Create(Claims with { Purpose = purpose });

        var link = tokens.Verify(token);

        Assert.NotNull(link);
        Assert.Equal(Claims with { Purpose = purpose }, link.Claims);
        Assert.Equal(LinkCheck.Valid, link.Check);
        Assert.False(link.Expired);
        Assert.All(Enum.GetValues<LinkPurpose>(), p => Assert.Equal(p == purpose ? LinkCheck.Valid : LinkCheck.Invalid, tokens.Verify(token, p, out _)));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("-1")]
    [InlineData("\"Nomination\"")]
    public void The_single_verification_refuses_a_purpose_that_is_not_ours(string purpose)
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var json = $$"""{"C":"{{Claims.CourseId}}","I":"{{Claims.InviteeId}}","P":{{purpose}},"X":{{Claims.ExpiresAt.ToUnixTimeSeconds()}}}""";

        Assert.Null(tokens.Verify(HandMade("k1", KeyA, json)));
    }

    [Fact]
    public void The_single_verification_returns_an_expired_link_with_its_claims_and_nothing_for_a_tampered_one()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var token = tokens.Create(Claims);
        _time.SetUtcNow(Claims.ExpiresAt);

        var link = tokens.Verify(token);

        Assert.NotNull(link);
        Assert.True(link.Expired);
        Assert.Equal(Claims, link.Claims);
        Assert.Null(tokens.Verify(token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1]));
        Assert.Null(tokens.Verify(null));
    }

    [Theory]
    [InlineData("""{"C":"","I":"a1","P":"Rsvp","X":1999999999}""")]
    [InlineData("""{"C":"c1","I":"","P":"Rsvp","X":1999999999}""")]
    [InlineData("""{"I":"a1","P":"Rsvp","X":1999999999}""")]
    [InlineData("""not json""")]
    [InlineData("""null""")]
    public void A_signed_payload_without_course_or_invitee_is_invalid(string json)
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(HandMade("k1", KeyA, json), LinkPurpose.Rsvp, out _));
    }

    [Fact]
    public void At_and_after_the_expiry_the_token_is_expired_and_still_names_its_invitee()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var token = tokens.Create(Claims);

        _time.SetUtcNow(Claims.ExpiresAt.AddSeconds(-1));
        Assert.Equal(LinkCheck.Valid, tokens.Verify(token, LinkPurpose.Rsvp, out _));

        _time.SetUtcNow(Claims.ExpiresAt);
        Assert.Equal(LinkCheck.Expired, tokens.Verify(token, LinkPurpose.Rsvp, out var atExpiry));
        Assert.Equal(Claims, atExpiry);

        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(LinkCheck.Expired, tokens.Verify(token, LinkPurpose.Rsvp, out var later));
        Assert.Equal(Claims, later); // the page can say whom to contact
    }

    [Fact]
    public void An_expired_but_tampered_token_is_invalid_not_expired()
    {
        var tokens = Tokens("k1", ("k1", KeyA));
        var token = tokens.Create(Claims);
        _time.SetUtcNow(Claims.ExpiresAt.AddDays(1));

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.Equal(LinkCheck.Invalid, tokens.Verify(tampered, LinkPurpose.Rsvp, out var claims));
        Assert.Null(claims);
    }

    [Fact]
    public void After_a_key_rotation_old_links_keep_working_while_the_old_key_is_configured()
    {
        var before = Tokens("k1", ("k1", KeyA));
        var oldToken = before.Create(Claims);

        var rotated = Tokens("k2", ("k1", KeyA), ("k2", KeyB));
        var newToken = rotated.Create(Claims);

        Assert.StartsWith("k2.", newToken, StringComparison.Ordinal);
        Assert.Equal(LinkCheck.Valid, rotated.Verify(oldToken, LinkPurpose.Rsvp, out var oldClaims));
        Assert.Equal(Claims, oldClaims);
        Assert.Equal(LinkCheck.Valid, rotated.Verify(newToken, LinkPurpose.Rsvp, out _));

        // Once the old key is removed, its links stop working; the new ones don't depend on it.
        var retired = Tokens("k2", ("k2", KeyB));
        Assert.Equal(LinkCheck.Invalid, retired.Verify(oldToken, LinkPurpose.Rsvp, out _));
        Assert.Equal(LinkCheck.Valid, retired.Verify(newToken, LinkPurpose.Rsvp, out _));
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused_at_construction()
    {
        var shortKey = Convert.ToBase64String(new byte[31]);
        var ex = Assert.Throws<OptionsValidationException>(() => Tokens("k1", ("k1", shortKey)));
        Assert.Contains("32 bytes", ex.Message, StringComparison.Ordinal);

        // Also when the short key is not the active one: a weak key must never verify anything.
        Assert.Throws<OptionsValidationException>(() => Tokens("k1", ("k1", KeyA), ("old", shortKey)));
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused_at_construction()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Tokens("k1", ("k1", "this is not base64 at all, not even close!!")));
        Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_key_id_without_a_key_is_refused_at_construction()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Tokens("k2", ("k1", KeyA)));
        Assert.Contains("k2", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => Tokens(string.Empty));
        Assert.Throws<OptionsValidationException>(() => Tokens("k1"));
    }
}
