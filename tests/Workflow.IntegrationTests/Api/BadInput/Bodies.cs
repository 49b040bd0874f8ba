using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Workflow.IntegrationTests.Api.BadInput;

/// <summary>Valid request bodies to spoil one field at a time, and generated hostile bodies.</summary>
public static class Bodies
{
    public const int OverLimit = (1024 * 1024) + (64 * 1024);

    public static JsonObject CourseObject() => new()
    {
        ["title"] = "Bồi dưỡng nghiệp vụ dân vận",
        ["description"] = "Chuyên đề: dân vận chính quyền.",
        ["presenters"] = new JsonArray("Nguyễn Thế Trung"),
        ["venue"] = "Hội trường Ban Dân vận Tỉnh ủy",
        ["sessions"] = new JsonArray(new JsonObject { ["start"] = "2030-05-13T14:00:00+07:00", ["end"] = "2030-05-13T17:00:00+07:00" }),
        ["rsvpDeadline"] = "2030-05-10T17:00:00+07:00",
        ["organiserEmails"] = new JsonArray("bandanvan@tinh.example"),
        ["language"] = "vi",
    };

    /// <summary>A valid course body, changed by <paramref name="change"/>.</summary>
    public static string Course(Action<JsonObject>? change = null) => Spoil(CourseObject(), change);

    public static JsonObject ComplaintObject() => new()
    {
        ["code"] = "KN-BAD-" + Guid.NewGuid().ToString("N")[..8],
        ["kind"] = "firstComplaint",
        ["receivedOn"] = "2026-11-20",
        ["complex"] = false,
        ["remoteArea"] = false,
        ["severalPlaces"] = false,
        ["handlingUnit"] = "UBND phường Hoa Lư",
        ["officerEmails"] = new JsonArray("thanhtra@hoalu.example.vn"),
        ["subject"] = "Khiếu nại quyết định thu hồi đất",
    };

    public static string Complaint(Action<JsonObject>? change = null) => Spoil(ComplaintObject(), change);

    public static JsonObject HolidayObject() => new()
    {
        ["year"] = 2031,
        ["days"] = new JsonArray(new JsonObject { ["date"] = "2031-01-01", ["type"] = "holiday", ["name"] = "Tết Dương lịch" }),
    };

    public static string Holiday(Action<JsonObject>? change = null) => Spoil(HolidayObject(), change);

    public static JsonObject UnitObject(string name = "Sở Nội vụ") => new()
    {
        ["name"] = name,
        ["kind"] = "department",
        ["parent"] = null,
        ["contactEmails"] = new JsonArray("vanphong@sonoivu.tinh.example"),
    };

    /// <summary>A unit list (array form) of one valid unit, changed by <paramref name="change"/> on that unit.</summary>
    public static string UnitList(Action<JsonObject>? change = null)
    {
        var unit = UnitObject();
        change?.Invoke(unit);
        return new JsonArray(unit).ToJsonString();
    }

    /// <summary>A valid invitee row with an address of its own (a row wrongly accepted by one case cannot make another case's row a duplicate).</summary>
    public static JsonObject InviteeObject() => new()
    {
        ["name"] = "Trần Văn Bình",
        ["email"] = $"binh.{Guid.NewGuid().ToString("N")[..8]}@sotuphap.tinh.example",
        ["unit"] = "Sở Tư pháp",
        ["position"] = "Chuyên viên",
    };

    /// <summary>An invitee array of one valid row, changed by <paramref name="change"/> on that row.</summary>
    public static string Invitees(Action<JsonObject>? change = null)
    {
        var row = InviteeObject();
        change?.Invoke(row);
        return new JsonArray(row).ToJsonString();
    }

    /// <summary><paramref name="depth"/> nested arrays: <c>[[[...]]]</c>.</summary>
    public static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>A JSON object whose <paramref name="field"/> holds a string of more than 1 MB (the rest of the body stays valid).</summary>
    public static BadBody OverOneMegabyte(Func<Action<JsonObject>?, string> valid, string field) =>
        BadBody.Json(() => valid(o => o[field] = new string('a', OverLimit)), $"{{... \"{field}\": \"aaaa...\" ({OverLimit} chars)}}");

    /// <summary>A JSON array of <paramref name="count"/> copies of <paramref name="item"/>.</summary>
    public static BadBody ManyItems(string item, int count) =>
        BadBody.Json(() => "[" + string.Join(',', Enumerable.Repeat(item, count)) + "]", $"[{item}, ... x{count}]");

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A CSV of more than 1 MB with a valid header and rows (so only the size is wrong).</summary>
    public static BadBody CsvOverOneMegabyte() => BadBody.Raw("text/csv", () =>
    {
        var text = new StringBuilder("name,email\n");
        for (var i = 0; text.Length <= OverLimit; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Người số {i},nguoi{i}@sotuphap.tinh.example\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }, $"name,email + rows to {OverLimit} bytes");

    /// <summary>A form of <paramref name="count"/> distinct fields.</summary>
    public static BadBody FormWithFields(int count) =>
        BadBody.Raw("application/x-www-form-urlencoded", () => Encoding.ASCII.GetBytes("answer=accept&" + string.Join('&', Enumerable.Range(0, count).Select(i => $"f{i}=1"))), $"answer=accept&f0=1&... ({count} fields)");

    private static string Spoil(JsonObject body, Action<JsonObject>? change)
    {
        change?.Invoke(body);
        return body.ToJsonString();
    }
}
