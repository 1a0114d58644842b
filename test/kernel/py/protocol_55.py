"""Protocol 5.5: iopub as XPUB welcoming each new subscriber (JEP 65), protocol_version and
supported_features in kernel_info_reply. jupyter_client 7.4 (a plain SUB client that knows
nothing of welcomes) drives every other suite, so it is checked to keep working too."""
import unittest

import zmq
from jupyter_client.session import Session

from kernel_case import TIMEOUT, KernelCase


class Protocol55(KernelCase):
    def subscriber(self, topic):
        info = self.km.get_connection_info()
        sub = zmq.Context.instance().socket(zmq.SUB)
        sub.linger = 0
        sub.rcvtimeo = TIMEOUT * 1000
        sub.connect("%s://%s:%d" % (info["transport"], info["ip"], info["iopub_port"]))
        sub.setsockopt(zmq.SUBSCRIBE, topic)
        self.addCleanup(sub.close)
        return sub

    def receive(self, sub):
        # A session of its own: the client's session would take the same welcome, which it
        # also receives, for a replay.
        session = Session(key=self.km.session.key, signature_scheme=self.km.session.signature_scheme)
        identities, rest = session.feed_identities(sub.recv_multipart())
        return identities, session.deserialize(rest)  # checks the signature

    def test_each_new_subscriber_is_welcomed_first(self):
        for _ in range(2):
            topics, welcome = self.receive(self.subscriber(b""))
            self.assertEqual(welcome["msg_type"], "iopub_welcome")
            self.assertEqual(welcome["content"], {"subscription": ""})
            self.assertEqual(welcome["header"]["version"], "5.5")

    def test_a_topic_subscriber_is_welcomed_on_its_topic(self):
        topics, welcome = self.receive(self.subscriber(b"status"))
        self.assertEqual(topics, [b"status"])
        self.assertEqual((welcome["msg_type"], welcome["content"]), ("iopub_welcome", {"subscription": "status"}))

    def test_kernel_info_says_5_5_and_lists_its_features(self):
        for channel in ("shell", "control"):
            msg = self.kc.session.msg("kernel_info_request", {})
            getattr(self.kc, channel + "_channel").send(msg)
            get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
            reply = get(timeout=TIMEOUT)
            while reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                reply = get(timeout=TIMEOUT)
            self.assertEqual(reply["content"]["protocol_version"], "5.5", channel)
            self.assertIn("iopub_welcome", reply["content"]["supported_features"], channel)

    def test_an_older_client_still_runs_cells(self):
        self.assertEqual(self.result_text("6 * 7"), "42")


if __name__ == "__main__":
    unittest.main()
