namespace Workflow.Time;

/// <summary>Instants are stored in UTC and shown in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) as people write them.</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    private static readonly string[] ViDays = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary><c>Thứ Năm, 09/05/2027, 14:00</c> (vi) or <c>Thursday, 09/05/2027, 14:00</c> (en).</summary>
    public static string Format(DateTimeOffset instant, string language)
    {
        var local = ToLocal(instant);
        var day = language == "en"
            ? local.DayOfWeek.ToString()
            : ViDays[(int)local.DayOfWeek];
        return day + ", " + local.ToString("dd/MM/yyyy, HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary><c>Thứ Bảy, 06/02/2027</c> (vi) or <c>Saturday, 06/02/2027</c> (en): a day without a time.</summary>
    public static string FormatDay(DateOnly date, string language) =>
        (language == "en" ? date.DayOfWeek.ToString() : ViDays[(int)date.DayOfWeek]) + ", " + date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>14:00–17:00</c> for a session's end on the same day, else the full date.</summary>
    public static string FormatRange(DateTimeOffset start, DateTimeOffset end, string language)
    {
        var localStart = ToLocal(start);
        var localEnd = ToLocal(end);
        var endText = localStart.Date == localEnd.Date
            ? localEnd.ToString("HH:mm", CultureInfo.InvariantCulture)
            : Format(end, language);
        return Format(start, language) + " – " + endText;
    }
}
