package nl.spreekuur.server.officehours;

import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.FlagUrgent;
import nl.spreekuur.protocol.v1.GetStatistics;
import nl.spreekuur.protocol.v1.HandleOfflineMessage;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.LeaveOfflineMessage;
import nl.spreekuur.protocol.v1.LeaveQueue;
import nl.spreekuur.protocol.v1.ListOfflineMessages;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SaveOfficeHour;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SetTranscriptConsent;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.protocol.v1.Typing;
import nl.spreekuur.protocol.v1.UpdateFirstQuestion;

/** The client messages of the office-hour tests, as a connection would send them (request ids are added later). */
final class Requests {
    private Requests() {
    }

    static ClientMessage.Builder save(OfficeHour officeHour) {
        return ClientMessage.newBuilder().setSaveOfficeHour(SaveOfficeHour.newBuilder().setOfficeHour(officeHour));
    }

    static ClientMessage.Builder duty(String officeHourId, boolean onDuty) {
        return ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder().setOfficeHourId(officeHourId)
                .setOnDuty(onDuty));
    }

    static ClientMessage.Builder join(String officeHourId, String nickname, String firstQuestion) {
        return ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder().setOfficeHourId(officeHourId)
                .setNickname(nickname).setFirstQuestion(firstQuestion));
    }

    static ClientMessage.Builder joinWithConsent(String officeHourId, String nickname, boolean consent) {
        return ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder().setOfficeHourId(officeHourId)
                .setNickname(nickname).setTranscriptConsent(consent));
    }

    static ClientMessage.Builder joinWithConsentDefault(String officeHourId, String nickname) {
        return ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder().setOfficeHourId(officeHourId)
                .setNickname(nickname).setUseConsentDefault(true));
    }

    static ClientMessage.Builder updateFirstQuestion(String entryId, String text) {
        return ClientMessage.newBuilder().setUpdateFirstQuestion(UpdateFirstQuestion.newBuilder()
                .setQueueEntryId(entryId).setFirstQuestion(text));
    }

    static ClientMessage.Builder leave(String entryId) {
        return ClientMessage.newBuilder().setLeaveQueue(LeaveQueue.newBuilder().setQueueEntryId(entryId));
    }

    static ClientMessage.Builder claimNext(String officeHourId) {
        return claim(officeHourId, "");
    }

    static ClientMessage.Builder claim(String officeHourId, String entryId) {
        return ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder().setOfficeHourId(officeHourId)
                .setQueueEntryId(entryId));
    }

    static ClientMessage.Builder urgent(String entryId, boolean urgent) {
        return ClientMessage.newBuilder().setFlagUrgent(FlagUrgent.newBuilder().setQueueEntryId(entryId)
                .setUrgent(urgent));
    }

    static ClientMessage.Builder subscribe(String conversationId) {
        return ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setConversationId(conversationId));
    }

    static ClientMessage.Builder send(String conversationId, String clientMsgId, String text) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(conversationId)
                .setClientMsgId(clientMsgId).setText(text));
    }

    static ClientMessage.Builder typing(String conversationId) {
        return ClientMessage.newBuilder().setTyping(Typing.newBuilder().setConversationId(conversationId)
                .setTyping(true));
    }

    static ClientMessage.Builder receipt(String conversationId, ReceiptKind kind, long upToSeq) {
        return ClientMessage.newBuilder().setSendReceipt(SendReceipt.newBuilder().setConversationId(conversationId)
                .setKind(kind).setUpToSeq(upToSeq));
    }

    static ClientMessage.Builder end(String conversationId) {
        return ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(conversationId));
    }

    static ClientMessage.Builder quickExit() {
        return ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance());
    }

    static ClientMessage.Builder consent(String conversationId, boolean consent) {
        return ClientMessage.newBuilder().setSetTranscriptConsent(SetTranscriptConsent.newBuilder()
                .setConversationId(conversationId).setConsent(consent));
    }

    static ClientMessage.Builder transfer(String conversationId, String toProfessionalId, String note) {
        return ClientMessage.newBuilder().setTransferChat(TransferChat.newBuilder().setConversationId(conversationId)
                .setToProfessionalId(toProfessionalId).setNote(note));
    }

    static ClientMessage.Builder addNote(String conversationId, String text) {
        return ClientMessage.newBuilder().setAddChatNote(nl.spreekuur.protocol.v1.AddChatNote.newBuilder()
                .setConversationId(conversationId).setText(text));
    }

    static ClientMessage.Builder supervise(String conversationId) {
        return ClientMessage.newBuilder().setSupervise(Supervise.newBuilder().setConversationId(conversationId));
    }

    static ClientMessage.Builder offlineMessage(String officeHourId, String nickname, String text, String contact) {
        return ClientMessage.newBuilder().setLeaveOfflineMessage(LeaveOfflineMessage.newBuilder()
                .setOfficeHourId(officeHourId).setNickname(nickname).setText(text).setContact(contact));
    }

    static ClientMessage.Builder listOfflineMessages(String officeHourId, boolean includeHandled) {
        return ClientMessage.newBuilder().setListOfflineMessages(ListOfflineMessages.newBuilder()
                .setOfficeHourId(officeHourId).setIncludeHandled(includeHandled));
    }

    static ClientMessage.Builder handleOfflineMessage(String id) {
        return ClientMessage.newBuilder().setHandleOfflineMessage(HandleOfflineMessage.newBuilder()
                .setOfflineMessageId(id));
    }

    static ClientMessage.Builder statistics(String officeHourId, String from, String to) {
        return ClientMessage.newBuilder().setGetStatistics(GetStatistics.newBuilder().setOfficeHourId(officeHourId)
                .setFromDate(from).setToDate(to));
    }
}
