using System.Text.RegularExpressions;

namespace Workflow.Complaints.Identity;

/// <summary>Why a field was refused.</summary>
public enum RefusalReason
{
    /// <summary>The field names a person's identity (name, address, phone, ID number, email...).</summary>
    Identity,

    /// <summary>The field is not one of the Case JSON fields.</summary>
    UnknownField,
}

/// <summary>A refused field: its name (or a placeholder when the name itself is not a plain identifier) and why.</summary>
public sealed record RefusedField(string Field, RefusalReason Reason);

/// <summary>What the guard found. Carries field names only, never values.</summary>
public sealed record IdentityGuardResult(IReadOnlyList<RefusedField> Refused)
{
    /// <summary>Nothing refused.</summary>
    public bool IsAccepted => Refused.Count == 0;

    /// <summary>The legal reason, put into words in the reader's language.</summary>
    public Phrase Reason { get; } = DenunciationIdentityGuard.LegalReason;

    /// <summary>The RFC 7807 <c>errors</c> map: field → why it is refused.</summary>
    public Dictionary<string, Phrase[]> ToProblemErrors() =>
        Refused.GroupBy(r => r.Field, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new[] { g.First().Reason == RefusalReason.Identity ? DenunciationIdentityGuard.IdentityField : DenunciationIdentityGuard.UnknownField },
            StringComparer.Ordinal);
}

/// <summary>
/// Refuses any identity of a denouncer in an incoming request before anything is stored or logged
/// (Luật Tố cáo 2018, Art. 9, 47–48). It looks at property names only and never reads, returns or
/// logs a value. Every field outside the known Case JSON fields is refused too, so a new way of
/// sending a name ("tenNguoiToCao", "contact") is refused without being listed here.
/// </summary>
public static partial class DenunciationIdentityGuard
{
    /// <summary>The legal reason (Luật Tố cáo 2018, Art. 9, 47–48), as the detail of the refusal.</summary>
    public static Phrase LegalReason => Phrase.Of("error.denouncerIdentityLegalReason");

    internal static Phrase IdentityField => Phrase.Of("error.denouncerIdentityField");

    internal static Phrase UnknownField => Phrase.Of("error.notACaseField");

    /// <summary>The fields a case request may carry (register, accept and extend bodies of SPEC §4).</summary>
    public static readonly IReadOnlySet<string> KnownCaseFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "code", "kind", "receivedOn", "acceptedOn", "complex", "especiallyComplex", "remoteArea", "severalPlaces",
        "handlingUnit", "officerEmails", "subject",
    };

    // Compared after lower-casing and removing '_', '-', '.', ' ': "full_name", "Full-Name" and "FULLNAME" are one.
    private static readonly string[] IdentityExact =
    [
        "name", "fullname", "firstname", "lastname", "middlename", "surname", "givenname", "familyname", "hoten", "ten", "hovaten",
        "address", "diachi", "street", "residence", "noicutru", "thuongtru", "tamtru", "quequan", "hometown",
        "phone", "phonenumber", "mobile", "mobilephone", "tel", "telephone", "sodienthoai", "dienthoai", "sdt", "fax", "zalo",
        "idnumber", "citizenid", "nationalid", "cccd", "cmnd", "cmt", "socccd", "socmnd", "passport", "passportno", "identitycard", "identitynumber",
        "email", "mail", "emailaddress", "personalemail", "thudientu",
        "dob", "dateofbirth", "birthdate", "birthday", "ngaysinh", "namsinh", "gender", "sex", "gioitinh",
        "signature", "chuky", "handwriting", "butich", "photo", "avatar", "facebook", "occupation", "nghenghiep", "workplace", "noilamviec",
    ];

    // A field that contains one of these is about a person whatever else it says.
    private static readonly string[] IdentityFragments =
    [
        "denouncer", "reporter", "whistleblower", "informant", "accuser", "complainant", "petitioner", "applicant", "sender",
        "nguoitocao", "nguoikhieunai", "nguoigui", "tocao", "name", "hoten", "address", "diachi", "phone", "dienthoai",
        "cccd", "cmnd", "citizen", "passport", "idnumber", "identity", "nhanthan", "email", "birth", "ngaysinh", "personal", "canhan",
    ];

    /// <summary>
    /// Inspects a denunciation's request body (a JSON object) and returns every refused field: identity
    /// fields and fields unknown to the Case JSON, at any depth (nested names as <c>parent.child</c>).
    /// A body that is not an object is refused as a whole (<c>body</c>).
    /// </summary>
    public static IdentityGuardResult Inspect(JsonElement body)
    {
        var refused = new List<RefusedField>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            refused.Add(new RefusedField("body", RefusalReason.UnknownField));
            return new IdentityGuardResult(refused);
        }

        var placeholder = 0;
        foreach (var property in body.EnumerateObject())
        {
            var shown = Shown(property.Name, ref placeholder);
            if (IsIdentity(property.Name) && !KnownCaseFields.Contains(property.Name))
            {
                refused.Add(new RefusedField(shown, RefusalReason.Identity));
            }
            else if (!KnownCaseFields.Contains(property.Name))
            {
                refused.Add(new RefusedField(shown, RefusalReason.UnknownField));
            }

            // No known field is an object: anything nested is refused by name, identity first.
            Nested(property.Value, shown, refused, ref placeholder);
        }

        return new IdentityGuardResult(refused);
    }

    /// <summary>Whether a field name reads as a person's identity (the officer's <c>officerEmails</c> is not).</summary>
    public static bool IsIdentity(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        if (KnownCaseFields.Contains(fieldName))
        {
            return false;
        }

        var normalized = Normalize(fieldName);
        return IdentityExact.Contains(normalized) || IdentityFragments.Any(f => normalized.Contains(f, StringComparison.Ordinal));
    }

    private static void Nested(JsonElement value, string parent, List<RefusedField> refused, ref int placeholder)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    var shown = $"{parent}.{Shown(property.Name, ref placeholder)}";
                    refused.Add(new RefusedField(shown, IsIdentity(property.Name) ? RefusalReason.Identity : RefusalReason.UnknownField));
                    Nested(property.Value, shown, refused, ref placeholder);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Nested(item, string.Create(CultureInfo.InvariantCulture, $"{parent}[{i++}]"), refused, ref placeholder);
                }

                break;
            default:
                break;
        }
    }

    // A property name is echoed only when it looks like an identifier; a key such as "Nguyễn Văn A"
    // or "0912 345 678" would itself be personal data, so it is reported as a numbered placeholder.
    private static string Shown(string name, ref int placeholder) =>
        PlainIdentifier().IsMatch(name) && !name.Any(char.IsDigit)
            ? name
            : string.Create(CultureInfo.InvariantCulture, $"(field {++placeholder})");

    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        var length = 0;
        foreach (var c in name.AsSpan(0, Math.Min(name.Length, 256)))
        {
            if (c is '_' or '-' or '.' or ' ')
            {
                continue;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..length]);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z_\\-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainIdentifier();
}
