"""Schemathesis hooks for scripts/schemathesis.mjs: give schema-valid requests real ids.

Random UUIDs only ever reach 404s. For positive (schema-valid) cases these hooks swap about half
of the generated ids for ones scripts/schemathesis.mjs created beforehand (a group the token's
user owns, its members and messages, a bot reply), and half of the sign-ins for real
credentials, so the success paths run too. They also
fill in the few rules an OpenAPI 3.0 schema cannot state:

- `cursor` values are opaque tokens the server issued; any other string is a documented 400.
- listMessages takes at most one of beforeSeq, afterSeq and aroundSeq (documented, 400 else).
- searchMessages: whether `q` has a word to search for depends on the text-search dictionary
  ("the" alone is a stop word: documented 400); a known word is put in front.
- sendMessage: replyToId must name a message of the same conversation (documented 400).
- createConversation: a direct conversation is with someone else; the stateful phase links
  getMe's id into userId, which is the caller (documented 400), so it gets another real user.
- uploadAvatar: the file must be an image, told by its bytes (documented 400): a real PNG.
- sendMessage: attachmentIds must be files the caller uploaded to that conversation (documented
  400): left out, with a body in their place.
- sendMessage: a body is required unless attachmentIds are given (documented 400).
- markUnread: seq must be a message of the conversation, 1..lastSeq (documented 400): seq 1 of
  the conversation that has messages.
- addReaction/removeReaction: the emoji must be one emoji, which a pattern cannot state: a thumb.
- subscribePush: the endpoint must be an https URL on a host name, and the keys a P-256 public
  key (65 bytes) and a 16-byte secret, which a pattern cannot state: real-shaped ones.
"""

import atexit
import base64
import json
import os
import zlib
from collections import Counter, defaultdict

import schemathesis

FIXTURES = json.load(open(os.environ["CHAT_FUZZ_FIXTURES"], encoding="utf-8"))
SEQ_PARAMS = ("beforeSeq", "afterSeq", "aroundSeq")
# Keys of the sizes a browser's push subscription has (URL-safe base64, no padding).
PUSH_KEYS = {
    "p256dh": base64.urlsafe_b64encode(b"\x04" + bytes(range(64))).decode().rstrip("="),
    "auth": base64.urlsafe_b64encode(bytes(range(16))).decode().rstrip("="),
}
# A 2x2 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWP4z8Dw"
    "nwGM/zMwAAAf7gP9qS/A4gAAAABJRU5ErkJggg=="
)
STATUSES = defaultdict(Counter)


def pick(value, choices):
    """A real id for about half of the generated values, chosen by the value (reproducible)."""
    h = zlib.crc32(str(value).encode())
    return choices[(h >> 1) % len(choices)] if h % 2 == 0 else value


def path_ids(operation, params):
    path = operation.path
    if "id" in params:
        if path.startswith("/api/v1/conversations/"):
            params["id"] = pick(params["id"], [FIXTURES["conversationId"]])
        elif path.endswith("/stop") or path.endswith("/retry"):
            params["id"] = pick(params["id"], [FIXTURES["botReplyId"]])
        elif path.startswith("/api/v1/messages/"):
            key = "deletableMessageIds" if operation.method.upper() == "DELETE" else "messageIds"
            params["id"] = pick(params["id"], FIXTURES[key])
        elif path.startswith("/api/v1/users/"):
            params["id"] = pick(params["id"], FIXTURES["userIds"])
    if "userId" in params:
        key = "removableIds" if operation.method.upper() == "DELETE" else "memberIds"
        params["userId"] = pick(params["userId"], FIXTURES[key])


@schemathesis.hook
def before_call(ctx, case, kwargs):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    path, method = case.operation.path, case.operation.method.upper()
    if case.path_parameters:
        path_ids(case.operation, case.path_parameters)
        if "emoji" in case.path_parameters:
            case.path_parameters["emoji"] = "\U0001F44D"

    query = case.query
    if query:
        query.pop("cursor", None)
        given = [name for name in SEQ_PARAMS if name in query]
        for name in given[1:]:
            del query[name]
        if "q" in query:
            query["q"] = ("hello " + str(query["q"]))[:200]
        if "conversationId" in query:
            query["conversationId"] = pick(query["conversationId"], [FIXTURES["conversationId"]])
    body = case.body
    if path == "/api/v1/users/me/avatar" and isinstance(body, dict):
        body.clear()
        body["file"] = PNG
    if isinstance(body, dict):
        if path == "/api/v1/conversations/{id}/messages":
            body.pop("attachmentIds", None)
            body.setdefault("body", "hello")
        if path == "/api/v1/conversations/{id}/unread":
            # A conversation the stateful phase just made has no message to mark.
            case.path_parameters["id"] = FIXTURES["conversationId"]
            body["seq"] = 1
        if path == "/api/v1/push/subscriptions" and method == "POST":
            body["endpoint"] = "https://push.example.com/send/" + str(zlib.crc32(str(body).encode()))
            body["keys"] = dict(PUSH_KEYS)
        if path == "/api/v1/conversations/{id}/messages" and "replyToId" in body:
            if case.path_parameters.get("id") == FIXTURES["conversationId"]:
                body["replyToId"] = FIXTURES["messageIds"][0]
            else:
                del body["replyToId"]
        if path == "/api/v1/auth/login" and pick(str(body), [None]) is None:
            body.update(FIXTURES["login"])
        if method == "POST" and path == "/api/v1/conversations" and "userId" in body:
            if body["userId"] == FIXTURES["callerId"]:
                body["userId"] = FIXTURES["userIds"][0]
            else:
                body["userId"] = pick(body["userId"], FIXTURES["userIds"])
        if path == "/api/v1/conversations/{id}/members" and isinstance(body.get("userIds"), list):
            # One unknown id makes the whole request a 404: swap all of them or none.
            ids = body["userIds"]
            if ids and zlib.crc32(str(ids).encode()) % 2 == 0:
                known = FIXTURES["userIds"]
                body["userIds"] = [known[i % len(known)] for i in range(len(ids))]


@schemathesis.hook
def after_call(ctx, case, response):
    STATUSES[f"{case.operation.method.upper()} {case.operation.path}"][response.status_code] += 1


@atexit.register
def print_coverage():
    """Which answers each operation gave: the operations that never reached a 2xx stand out."""
    if not STATUSES:
        return
    print("\nAnswers per operation (status x count):")
    for label in sorted(STATUSES):
        counts = " ".join(f"{status}x{n}" for status, n in sorted(STATUSES[label].items()))
        mark = "  " if any(200 <= status < 300 for status in STATUSES[label]) else "! "
        print(f"  {mark}{label}: {counts}")
    reached = sum(any(200 <= s < 300 for s in c) for c in STATUSES.values())
    print(f"{reached} of {len(STATUSES)} operations answered 2xx at least once")
