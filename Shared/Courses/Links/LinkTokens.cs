using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Workflow.Courses.Links;

/// <summary>What a personal link is for; a token for one purpose is refused for another.</summary>
public enum LinkPurpose
{
    Rsvp,

    /// <summary>A unit contact's nomination page (the token's invitee id is the nomination id).</summary>
    Nominate,

    /// <summary>An attendee's check-in page (valid until the last session ends).</summary>
    CheckIn,

    /// <summary>Follow-up: the attendee's survey page.</summary>
    Survey,

    /// <summary>Follow-up: the attendee's learning-report page (text and one file).</summary>
    Report,
}

/// <summary>The claims of a personal link: one invitee of one course, one purpose, until an expiry.</summary>
public sealed record LinkClaims(string CourseId, string InviteeId, LinkPurpose Purpose, DateTimeOffset ExpiresAt);

public enum LinkCheck
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>A personal link that passed <see cref="LinkTokens.Verify(string?)"/>: its claims, and whether it is still valid or has expired.</summary>
public sealed record VerifiedLink(LinkClaims Claims, LinkCheck Check)
{
    public bool Expired => Check == LinkCheck.Expired;
}

/// <summary>
/// Signs and verifies personal link tokens: <c>{keyId}.{payload}.{signature}</c>, base64url, the
/// signature HMAC-SHA256 over <c>{keyId}.{payload}</c> with the key named by the key id, so keys can
/// rotate (sign with the active key, verify with any configured key).
/// </summary>
public sealed class LinkTokens
{
    private readonly string _activeKeyId;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly TimeProvider _time;

    public LinkTokens(IOptions<LinkOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _time = time;
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (keyId, secret) in value.Keys)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(secret);
            }
            catch (FormatException)
            {
                throw new OptionsValidationException(LinkOptions.Section, typeof(LinkOptions), [$"Key '{keyId}' is not base64."]);
            }

            if (bytes.Length < 32)
            {
                throw new OptionsValidationException(LinkOptions.Section, typeof(LinkOptions), [$"Key '{keyId}' must have at least 32 bytes."]);
            }

            _keys[keyId] = bytes;
        }

        if (!_keys.ContainsKey(value.ActiveKeyId))
        {
            throw new OptionsValidationException(LinkOptions.Section, typeof(LinkOptions), [$"The active key id '{value.ActiveKeyId}' has no key in Workflow:Links:Keys."]);
        }

        _activeKeyId = value.ActiveKeyId;
    }

    public string Create(LinkClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = new Payload(claims.CourseId, claims.InviteeId, claims.Purpose, claims.ExpiresAt.ToUnixTimeSeconds());
        var head = _activeKeyId + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, PayloadContext.Default.Payload));
        return head + "." + Base64Url.EncodeToString(Sign(_keys[_activeKeyId], head));
    }

    /// <summary>Checks signature, key and purpose; claims are returned for a valid or an expired token (to say whom to contact).</summary>
    public LinkCheck Verify(string? token, LinkPurpose purpose, out LinkClaims? claims)
    {
        var link = Verify(token);
        claims = link is not null && link.Claims.Purpose == purpose ? link.Claims : null;
        return claims is null ? LinkCheck.Invalid : link!.Check;
    }

    /// <summary>
    /// The one verification of a personal link, whatever its purpose: signature and key, then the claims (a purpose
    /// of ours, ids that can be keys, an expiry in range). Null for an invalid token; a valid or expired one comes back
    /// with its claims, so the caller can hand it on by purpose and still say whom to contact when it has expired.
    /// </summary>
    public VerifiedLink? Verify(string? token)
    {
        var check = Check(token, out var claims);
        return claims is null ? null : new VerifiedLink(claims, check);
    }

    private LinkCheck Check(string? token, out LinkClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return LinkCheck.Invalid;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !_keys.TryGetValue(parts[0], out var key))
        {
            return LinkCheck.Invalid;
        }

        byte[] signature;
        byte[] payloadBytes;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payloadBytes = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return LinkCheck.Invalid;
        }

        var expected = Sign(key, parts[0] + "." + parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return LinkCheck.Invalid;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(payloadBytes, PayloadContext.Default.Payload);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            return LinkCheck.Invalid;
        }

        // A signed token is ours, but an old or foreign signer could still carry values no link of ours has:
        // ids that cannot be table keys and expiries outside the representable range are simply not valid.
        if (payload is null || !Enum.IsDefined(payload.P) || !ResourceIds.IsValid(payload.C) || !ResourceIds.IsValid(payload.I)
            || payload.X < MinExpiry || payload.X > MaxExpiry)
        {
            return LinkCheck.Invalid;
        }

        claims = new LinkClaims(payload.C, payload.I, payload.P, DateTimeOffset.FromUnixTimeSeconds(payload.X));
        return _time.GetUtcNow() >= claims.ExpiresAt ? LinkCheck.Expired : LinkCheck.Valid;
    }

    /// <summary>2000-01-01 and 2100-01-01 in Unix seconds: the expiries a link of ours can have.</summary>
    private const long MinExpiry = 946_684_800;
    private const long MaxExpiry = 4_102_444_800;

    private static byte[] Sign(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(data));

    internal sealed record Payload(string C, string I, LinkPurpose P, long X);
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(LinkTokens.Payload))]
internal sealed partial class PayloadContext : JsonSerializerContext;
