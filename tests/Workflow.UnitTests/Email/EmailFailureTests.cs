using Workflow.Email;
using Workflow.UnitTests.Text;

namespace Workflow.UnitTests.Email;

/// <summary>Why an email failed is data, put into words where a person reads it; the email service's own text follows the sentence as data.</summary>
public sealed class EmailFailureTests
{
    [Fact]
    public void A_refusal_is_a_sentence_in_the_reader_s_language_and_the_service_s_words_follow_as_data()
    {
        var refused = EmailFailure.Refused(400, "  Does not contain a valid address. ");

        Assert.Equal("Dịch vụ email đã từ chối gửi thư này. Nguyên văn của dịch vụ email: “Does not contain a valid address.”", refused.Said.Vi());
        Assert.Equal("The email service refused to send this message. The email service's words: “Does not contain a valid address.”", refused.Said.En());
        Assert.Equal("Dịch vụ email đã từ chối gửi thư này.", EmailFailure.Refused(400, " ").Said.Vi());
    }

    [Fact]
    public void An_unconfirmed_email_is_told_in_words_without_the_wait_in_seconds()
    {
        var unconfirmed = EmailFailure.Unconfirmed(TimeSpan.FromMilliseconds(300));

        Assert.Equal(0.3, unconfirmed.WaitedSeconds);
        Assert.Equal("Dịch vụ email không trả lời kịp nên không rõ thư đã đến hay chưa. Thư không được tự động gửi lại, để không ai nhận hai lần.", unconfirmed.Said.Vi());
        Assert.StartsWith("The email service did not answer in time", unconfirmed.Said.En(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "Does not contain a valid address.")]
    [InlineData(413, "a | in the text | twice")]
    [InlineData(400, null)]
    public void A_refusal_is_read_back_as_it_was_stored(int status, string? text)
    {
        var refused = EmailFailure.Refused(status, text);

        Assert.Equal(refused, EmailFailure.FromStored(refused.Stored));
    }

    [Fact]
    public void An_unconfirmed_email_is_read_back_as_it_was_stored()
    {
        var unconfirmed = EmailFailure.Unconfirmed(TimeSpan.FromSeconds(100));

        Assert.Equal("unconfirmed|100|", unconfirmed.Stored);
        Assert.Equal(unconfirmed, EmailFailure.FromStored(unconfirmed.Stored));
    }

    [Fact]
    public void A_reason_stored_as_an_English_sentence_before_is_shown_after_a_sentence_in_the_reader_s_language()
    {
        var old = EmailFailure.FromStored("Refused by the email service (400): Does not contain a valid address.");

        Assert.Equal(EmailFailureKind.Other, old!.Kind);
        Assert.Equal("Không gửi được thư. Chi tiết: “Refused by the email service (400): Does not contain a valid address.”", old.Said.Vi());
        Assert.Equal("The message could not be sent. Details: “Refused by the email service (400): Does not contain a valid address.”", old.Said.En());
        Assert.Null(EmailFailure.FromStored(null));
        Assert.Null(EmailFailure.FromStored(string.Empty));
    }
}
