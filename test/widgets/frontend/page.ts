/**
 * The browser side of the widget frontend test: ipywidgets 8's own HTML widget manager (the
 * model and view code JupyterLab uses) on a kernel that @jupyterlab/services 7 starts through
 * a Jupyter server. Bundled with esbuild by ./bundle.ts; `window.tsdlRun(code)` executes a cell
 * and shows its widget views and text outputs in `#outputs`. Comm messages go over a subshell
 * per comm target (services 7's default, as in JupyterLab 4), or with `?comms=main` on the main
 * shell (as frontends without subshells send them); `window.tsdlCommShells` lists the
 * `subshell_id` of each comm_msg the page sent (null: the main shell).
 */
import { CommsOverSubshells, KernelManager, ServerConnection } from "@jupyterlab/services";
import type { Kernel, KernelMessage } from "@jupyterlab/services";
import { HTMLManager } from "@jupyter-widgets/html-manager";
import { shims } from "@jupyter-widgets/base";
import type { IClassicComm } from "@jupyter-widgets/base";
import type { JSONObject } from "@lumino/coreutils";
import "@jupyter-widgets/controls/css/widgets.css";

const VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/** HTMLManager with comms on a live kernel instead of saved state only. */
class KernelWidgetManager extends HTMLManager {
  constructor(private readonly kernel: Kernel.IKernelConnection) {
    super();
    kernel.registerCommTarget(this.comm_target_name, async (comm, msg) => {
      await this.handle_comm_open(new shims.services.Comm(comm), msg as never);
    });
  }

  override _create_comm(target: string, modelId?: string, data?: JSONObject, metadata?: JSONObject, buffers?: ArrayBuffer[] | ArrayBufferView[]): Promise<IClassicComm> {
    const comm = this.kernel.createComm(target, modelId);
    if (data !== undefined || metadata !== undefined) comm.open(data ?? {}, metadata, buffers);
    return Promise.resolve(new shims.services.Comm(comm));
  }

  override async _get_comm_info(): Promise<{}> {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
}

async function start(): Promise<void> {
  const serverSettings = ServerConnection.makeSettings({ baseUrl: `${location.origin}/` });
  const mainShell = new URLSearchParams(location.search).get("comms") === "main";
  const kernel = await new KernelManager({ serverSettings }).startNew({ name: "tsdl" },
    { commsOverSubshells: mainShell ? CommsOverSubshells.Disabled : CommsOverSubshells.PerCommTarget });
  const commShells: (string | null)[] = [];
  kernel.anyMessage.connect((_, { msg, direction }) => {
    if (direction === "send" && msg.header.msg_type === "comm_msg") commShells.push((msg.header as { subshell_id?: string | null }).subshell_id ?? null);
  });
  const manager = new KernelWidgetManager(kernel);
  const outputs = document.getElementById("outputs")!;
  const show = async (data: Record<string, unknown>): Promise<void> => {
    const view = data[VIEW_MIME] as { model_id: string } | undefined;
    const el = outputs.appendChild(document.createElement("div"));
    if (view === undefined) {
      el.className = "text-output";
      el.textContent = String(data["text/plain"] ?? "");
      return;
    }
    el.className = "widget-output";
    const model = await manager.get_model(view.model_id);
    await manager.display_view(manager.create_view(model), el);
  };
  const w = window as unknown as { tsdlRun: (code: string) => Promise<string>; tsdlReady: boolean; tsdlCommShells: (string | null)[] };
  w.tsdlCommShells = commShells;
  w.tsdlRun = async (code) => {
    const future = kernel.requestExecute({ code });
    const shown: Promise<void>[] = [];
    future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
      const type = msg.header.msg_type;
      if (type === "execute_result" || type === "display_data") shown.push(show((msg.content as { data: Record<string, unknown> }).data));
      if (type === "error") shown.push(show({ "text/plain": (msg.content as { evalue: string }).evalue }));
    };
    const reply = await future.done;
    await Promise.all(shown);
    return reply.content.status;
  };
  w.tsdlReady = true;
}

start().catch((error: unknown) => {
  document.getElementById("outputs")!.textContent = `could not start: ${String(error)}`;
});
