// The request form in the browser: one page (not a wizard), native controls, live validation with the same rules
// the host applies (src/requestForm/formModel.ts). Built once per policy; later changes only update what changed,
// so keyboard focus never jumps.
import { t } from "../src/core/l10n";
import { humanDuration } from "../src/core/duration";
import { isAnySource } from "../src/core/sourceAddress";
import type { FieldError } from "../src/core/requestPlan";
import type { Policy } from "../src/core/types";
import {
  adviseSource,
  clampDuration,
  durationChoices,
  findVm,
  needsAnyConfirmation,
  portSummary,
  preferredPort,
  selectionMaxMs,
  sourceText,
  validateValues,
  vmLabel,
} from "../src/requestForm/formModel";
import type { FormInit, FormValues, Phase, PortOutcome, SavedState, WebviewMessage } from "../src/requestForm/protocol";
import { el, setText } from "./dom";

export interface FormHost {
  post(message: WebviewMessage): void;
  save(state: SavedState): void;
  now(): number;
}

type FieldName = FieldError["field"];

let idCounter = 0;
const nextId = (prefix: string) => `${prefix}-${++idCounter}`;

export class RequestFormView {
  private values: FormValues;
  private phase: Phase;
  private errors: FieldError[] = [];
  private submitted = false;
  /** Fields the user changed: their errors show live; untouched fields only after a submit attempt. */
  private touched = new Set<FieldName>();
  private hostErrors: FieldError[] | undefined;

  // Controls, by VM id (as in the policy) and port.
  private vmBoxes = new Map<string, HTMLInputElement>();
  private portBoxes = new Map<string, HTMLInputElement>();
  private portErrors = new Map<string, HTMLElement>();
  private vmErrors = new Map<string, HTMLElement>();
  private sourceRadios: Array<{ input: HTMLInputElement; value: () => FormValues["source"] }> = [];
  private customInput!: HTMLInputElement;
  private customRadio!: HTMLInputElement;
  private sourceReason!: HTMLElement;
  private confirmRow!: HTMLElement;
  private confirmBox!: HTMLInputElement;
  private durationSelect!: HTMLSelectElement;
  private durationHint!: HTMLElement;
  private justification!: HTMLTextAreaElement;
  private submitButton!: HTMLButtonElement;
  private fieldErrors = new Map<FieldName, HTMLElement>();
  private form!: HTMLFormElement;
  private status!: HTMLElement;
  private outcome!: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private init: FormInit,
    private readonly host: FormHost,
    values: FormValues,
    phase: Phase | undefined,
  ) {
    this.values = values;
    this.phase = phase?.kind === "busy" ? { kind: "editing" } : (phase ?? { kind: "editing" });
    this.build();
    this.sync();
  }

  // ---------- messages from the host ----------

  setPolicy(policy: Policy): void {
    this.init = { ...this.init, policy };
    this.values = { ...this.values, vms: this.values.vms.filter((v) => findVm(policy, v.vmId)) };
    this.build();
    this.sync();
  }

  setPhase(phase: Phase): void {
    this.phase = phase;
    if (phase.kind !== "editing") this.hostErrors = undefined;
    this.sync();
    if (phase.kind === "done") this.outcome.focus();
  }

  showHostErrors(errors: FieldError[]): void {
    this.phase = { kind: "editing" };
    this.hostErrors = errors;
    this.submitted = true;
    this.sync();
    this.focusFirstError();
  }

  // ---------- building ----------

  private build(): void {
    const { policy } = this.init;
    this.vmBoxes.clear();
    this.portBoxes.clear();
    this.portErrors.clear();
    this.vmErrors.clear();
    this.fieldErrors.clear();
    this.sourceRadios = [];

    const heading = el("h1", {}, t("Request JIT access"));
    const where = [
      policy.name,
      policy.resourceGroup,
      policy.location,
      this.init.subscriptionName ?? policy.subscriptionId,
    ]
      .filter(Boolean)
      .join(" · ");
    const intro = el("p", { class: "context" }, t("Policy: {0}", where));

    this.form = el("form", { novalidate: true, "aria-describedby": "form-status" });
    this.form.append(this.buildVms(), this.buildSource(), this.buildDuration(), this.buildJustification());
    this.submitButton = el("button", { type: "submit", class: "primary" }, t("Request access"));
    this.status = el("p", { id: "form-status", class: "status", role: "status", "aria-live": "polite" });
    this.form.append(el("div", { class: "actions" }, this.submitButton), this.status);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });

    this.outcome = el("section", {
      class: "outcome",
      "aria-live": "polite",
      tabindex: "-1",
      "aria-label": t("Outcome"),
    });
    this.root.replaceChildren(heading, intro, this.form, this.outcome);
    this.root.setAttribute("aria-busy", "false");
  }

  private fieldError(field: FieldName): HTMLElement {
    const node = el("p", { id: nextId(`err-${field}`), class: "error", hidden: true });
    this.fieldErrors.set(field, node);
    return node;
  }

  private buildVms(): HTMLElement {
    const set = el("fieldset", { class: "vms" }, el("legend", {}, t("Virtual machines and ports")));
    const { policy } = this.init;
    if (policy.virtualMachines.length === 0) set.append(el("p", {}, t("This policy has no VMs.")));
    for (const vm of policy.virtualMachines) {
      const vmBoxId = nextId("vm");
      const vmErr = el("p", { id: nextId("err-vm"), class: "error", hidden: true });
      const vmBox = el("input", { type: "checkbox", id: vmBoxId, "aria-describedby": vmErr.id });
      vmBox.addEventListener("change", () => this.toggleVm(vm.id, vmBox.checked));
      this.vmBoxes.set(vm.id, vmBox);
      this.vmErrors.set(vm.id, vmErr);
      const ports = el(
        "fieldset",
        { class: "ports" },
        el("legend", { class: "visually-hidden" }, t("Ports of {0}", vmLabel(vm.id))),
      );
      if (vm.ports.length === 0) ports.append(el("p", {}, t("No ports are configured for this VM.")));
      for (const rule of vm.ports) {
        const id = nextId("port");
        const hint = el("span", { id: nextId("hint"), class: "hint" }, portSummary(rule));
        const err = el("p", { id: nextId("err-port"), class: "error", hidden: true });
        const box = el("input", { type: "checkbox", id, "aria-describedby": `${hint.id} ${err.id}` });
        box.addEventListener("change", () => this.togglePort(vm.id, rule.number, box.checked));
        this.portBoxes.set(portKey(vm.id, rule.number), box);
        this.portErrors.set(portKey(vm.id, rule.number), err);
        const protocol = rule.protocol && rule.protocol !== "*" ? `/${rule.protocol}` : "";
        ports.append(
          el(
            "div",
            { class: "port" },
            box,
            el("label", { for: id }, t("Port {0}", `${rule.number}${protocol}`)),
            " ",
            hint,
            err,
          ),
        );
      }
      set.append(
        el(
          "div",
          { class: "vm" },
          el("div", { class: "vm-head" }, vmBox, el("label", { for: vmBoxId, class: "vm-name" }, vmLabel(vm.id))),
          vmErr,
          ports,
        ),
      );
    }
    set.append(this.fieldError("vms"), this.fieldError("ports"));
    return set;
  }

  private buildSource(): HTMLElement {
    const name = nextId("source");
    const err = this.fieldError("source");
    this.sourceReason = el("p", { id: nextId("source-reason"), class: "note", hidden: true });
    const describedBy = `${this.sourceReason.id} ${err.id}`;
    const set = el("fieldset", { class: "source", "aria-describedby": describedBy }, el("legend", {}, t("Source")));
    const radio = (label: string, value: () => FormValues["source"], extra?: HTMLElement): HTMLInputElement => {
      const id = nextId("src");
      const input = el("input", { type: "radio", name, id });
      input.addEventListener("change", () => input.checked && this.setSource(value()));
      this.sourceRadios.push({ input, value });
      set.append(el("div", { class: "choice" }, input, el("label", { for: id }, label), extra));
      return input;
    };
    radio(
      t("My public IP (Azure detects it)"),
      () => ({ kind: "myIp" }),
      el("span", { class: "hint" }, t("The address Azure sees: behind a proxy, it may be the proxy's.")),
    );
    for (const prefix of policyPrefixes(this.init.policy)) {
      radio(t("Allowed by the policy: {0}", prefix), () => ({ kind: "prefix", text: prefix }));
    }
    this.customInput = el("input", {
      type: "text",
      id: nextId("custom"),
      class: "custom",
      maxlength: "64",
      spellcheck: "false",
      autocomplete: "off",
      placeholder: "203.0.113.7 / 10.1.0.0/24",
      "aria-describedby": describedBy,
    });
    this.customRadio = radio(t("Another IPv4 address or CIDR range:"), () => ({
      kind: "custom",
      text: this.customInput.value,
    }));
    this.customRadio.parentElement?.append(this.customInput);
    this.customInput.setAttribute("aria-label", t("IPv4 address or CIDR range"));
    this.customInput.addEventListener("input", () => this.setSource({ kind: "custom", text: this.customInput.value }));

    this.confirmBox = el("input", { type: "checkbox", id: nextId("confirm-any") });
    this.confirmBox.addEventListener("change", () => this.update({ confirmAnySource: this.confirmBox.checked }));
    this.confirmRow = el(
      "div",
      { class: "choice confirm", hidden: true },
      this.confirmBox,
      el(
        "label",
        { for: this.confirmBox.id },
        t("I understand that any address on the internet will be able to connect while access is open."),
      ),
    );
    set.append(this.confirmRow, this.sourceReason, err);
    return set;
  }

  private buildDuration(): HTMLElement {
    const id = nextId("duration");
    const err = this.fieldError("duration");
    this.durationHint = el("p", { id: nextId("duration-hint"), class: "hint" });
    this.durationSelect = el("select", { id, "aria-describedby": `${this.durationHint.id} ${err.id}` });
    this.durationSelect.addEventListener("change", () =>
      this.update({ durationMs: Number(this.durationSelect.value) }),
    );
    return el(
      "div",
      { class: "field" },
      el("label", { for: id }, t("Duration")),
      this.durationSelect,
      this.durationHint,
      err,
    );
  }

  private buildJustification(): HTMLElement {
    const id = nextId("justification");
    const err = this.fieldError("justification");
    const label = this.init.settings.requireJustification
      ? t("Justification (required)")
      : t("Justification (optional)");
    this.justification = el("textarea", { id, rows: "2", maxlength: "1000", "aria-describedby": err.id });
    if (this.init.settings.requireJustification) this.justification.setAttribute("aria-required", "true");
    this.justification.addEventListener("input", () => this.update({ justification: this.justification.value }));
    return el("div", { class: "field" }, el("label", { for: id }, label), this.justification, err);
  }

  // ---------- changes ----------

  private toggleVm(vmId: string, checked: boolean): void {
    const vms = this.values.vms.filter((v) => v.vmId !== vmId);
    if (checked) {
      const vm = findVm(this.init.policy, vmId);
      const port = vm ? preferredPort(vm) : undefined;
      vms.push({ vmId, ports: port === undefined ? [] : [port] });
    }
    this.selectionChanged(vms);
  }

  private togglePort(vmId: string, port: number, checked: boolean): void {
    const vms = this.values.vms.map((v) => ({ vmId: v.vmId, ports: [...v.ports] }));
    let entry = vms.find((v) => v.vmId === vmId);
    if (!entry) {
      entry = { vmId, ports: [] };
      vms.push(entry);
    }
    entry.ports = checked ? [...new Set([...entry.ports, port])] : entry.ports.filter((p) => p !== port);
    // Clearing the last port of a VM clears the VM too: an empty VM would only be an error to fix.
    this.selectionChanged(vms.filter((v) => v.ports.length > 0 || v.vmId !== vmId || checked));
  }

  private selectionChanged(vms: FormValues["vms"]): void {
    const { policy } = this.init;
    const max = selectionMaxMs(policy, vms);
    const advice = adviseSource(policy, vms);
    // Follow the advice while the user hasn't picked a source of their own; never overwrite a typed address.
    const source = this.values.source.kind === "custom" ? this.values.source : advice.source;
    this.update({ vms, durationMs: clampDuration(this.values.durationMs, max), source });
  }

  private setSource(source: FormValues["source"]): void {
    this.update({ source, confirmAnySource: needsAnyConfirmation(source) ? this.values.confirmAnySource : false });
  }

  private update(change: Partial<FormValues>): void {
    if (change.vms) this.touched.add("vms").add("ports");
    if (change.source || change.confirmAnySource !== undefined) this.touched.add("source");
    if (change.durationMs !== undefined) this.touched.add("duration");
    if (change.justification !== undefined) this.touched.add("justification");
    this.values = { ...this.values, ...change };
    this.hostErrors = undefined;
    this.sync();
  }

  private submit(): void {
    if (this.phase.kind === "busy") return;
    this.submitted = true;
    this.hostErrors = undefined;
    this.sync();
    if (this.errors.length > 0) {
      setText(this.status, t("Fix the marked fields, then submit again."));
      this.focusFirstError();
      return;
    }
    this.phase = { kind: "busy" };
    this.sync();
    this.host.post({ type: "submit", values: this.values });
  }

  private focusFirstError(): void {
    const first = this.root.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }

  // ---------- one place that makes the page match the state ----------

  private sync(): void {
    const { policy } = this.init;
    const v = this.values;
    this.errors = this.hostErrors ?? validateValues(policy, v, this.init.settings, this.host.now());

    for (const vm of policy.virtualMachines) {
      const sel = v.vms.find((s) => s.vmId === vm.id);
      this.vmBoxes.get(vm.id)!.checked = sel !== undefined;
      for (const rule of vm.ports) {
        this.portBoxes.get(portKey(vm.id, rule.number))!.checked = sel?.ports.includes(rule.number) ?? false;
      }
    }

    // Source.
    for (const r of this.sourceRadios) {
      const candidate = r.value();
      r.input.checked =
        candidate.kind === v.source.kind &&
        (candidate.kind !== "prefix" || (v.source.kind === "prefix" && candidate.text === v.source.text));
    }
    if (v.source.kind === "prefix" && !this.sourceRadios.some((r) => r.input.checked)) {
      // A prefix the policy no longer lists: keep it visible as a typed address rather than dropping it.
      this.values = { ...v, source: { kind: "custom", text: v.source.text } };
      this.customRadio.checked = true;
    }
    if (this.values.source.kind === "custom" && this.customInput.value !== this.values.source.text)
      this.customInput.value = this.values.source.text;
    const advice = adviseSource(policy, v.vms);
    // The advice says "…so that source is selected"; once the user picks another source that is no longer true,
    // so the note then only says what Azure accepts.
    const advised = advice.source;
    const chosen = sourceText(this.values.source)?.toLowerCase();
    const reason =
      advice.reason && advised.kind === "prefix" && chosen !== advised.text.toLowerCase()
        ? t("The selected ports only accept requests from {0}; Azure will refuse any other source.", advised.text)
        : advice.reason;
    this.sourceReason.hidden = !reason;
    setText(this.sourceReason, reason ?? "");
    const any = needsAnyConfirmation(this.values.source);
    this.confirmRow.hidden = !any;
    this.confirmBox.checked = any && this.values.confirmAnySource;

    // Duration.
    const max = selectionMaxMs(policy, v.vms);
    const choices = durationChoices(max, v.durationMs);
    const current = [...this.durationSelect.options].map((o) => Number(o.value));
    if (current.join() !== choices.join()) {
      this.durationSelect.replaceChildren(
        ...choices.map((ms) => el("option", { value: String(ms) }, humanDuration(ms))),
      );
    }
    this.durationSelect.value = String(v.durationMs);
    setText(this.durationHint, t("Up to {0} for the selected ports.", humanDuration(max)));

    if (this.justification.value !== v.justification) this.justification.value = v.justification;

    this.showErrors();

    // Phase.
    const busy = this.phase.kind === "busy";
    const done = this.phase.kind === "done";
    this.submitButton.disabled = busy;
    this.form.setAttribute("aria-busy", String(busy));
    this.form.hidden = done;
    if (busy) setText(this.status, t("Requesting access…"));
    else if (!this.submitted || this.errors.length === 0) setText(this.status, "");
    this.renderOutcome();

    this.host.save({ v: 1, init: this.init, values: this.values, phase: this.phase });
  }

  private showErrors(): void {
    const visible = this.errors.filter(
      (e) => this.submitted || this.touched.has(e.field) || this.touched.has(alias(e.field)),
    );
    const byField = new Map<FieldName, string[]>();
    const portMessages = new Map<string, string[]>();
    const vmMessages = new Map<string, string[]>();
    for (const e of visible) {
      const vm = e.vmId ? findVm(this.init.policy, e.vmId) : undefined;
      if (
        (e.field === "ports" || e.field === "vms") &&
        vm &&
        e.port !== undefined &&
        this.portErrors.has(portKey(vm.id, e.port))
      ) {
        push(portMessages, portKey(vm.id, e.port), e.message);
      } else if ((e.field === "ports" || e.field === "vms") && vm) {
        push(vmMessages, vm.id, e.message);
      } else {
        // Core's messages already name the port and VM they are about.
        push(byField, e.field, e.message);
      }
    }
    for (const [field, node] of this.fieldErrors) fill(node, byField.get(field));
    for (const [k, node] of this.portErrors) {
      fill(node, portMessages.get(k));
      this.portBoxes.get(k)!.setAttribute("aria-invalid", String(portMessages.has(k)));
    }
    for (const [id, node] of this.vmErrors) {
      fill(node, vmMessages.get(id));
      this.vmBoxes.get(id)!.setAttribute("aria-invalid", String(vmMessages.has(id)));
    }
    const firstVmBox = this.vmBoxes.values().next().value;
    if (firstVmBox && (byField.has("vms") || byField.has("ports"))) firstVmBox.setAttribute("aria-invalid", "true");
    const sourceInvalid = String(byField.has("source"));
    const checkedSource = this.sourceRadios.find((r) => r.input.checked)?.input;
    // A typed address carries the error itself, so focus lands where the fix is typed.
    const typed = this.values.source.kind === "custom";
    for (const r of this.sourceRadios)
      r.input.setAttribute("aria-invalid", r.input === checkedSource && !typed ? sourceInvalid : "false");
    this.customInput.setAttribute("aria-invalid", String(byField.has("source") && typed));
    this.durationSelect.setAttribute("aria-invalid", String(byField.has("duration")));
    this.justification.setAttribute("aria-invalid", String(byField.has("justification")));
  }

  private renderOutcome(): void {
    if (this.phase.kind !== "done") {
      this.outcome.replaceChildren();
      this.outcome.hidden = true;
      return;
    }
    const { outcomes, connectVmIds } = this.phase;
    const ok = outcomes.filter((o) => o.ok).length;
    const title =
      ok === outcomes.length
        ? t("Access requested")
        : ok === 0
          ? t("The request failed")
          : t("Access requested for some ports");
    const list = el("ul", { class: "outcomes" }, ...outcomes.map((o) => this.outcomeItem(o)));
    const buttons = el("div", { class: "actions" });
    for (const vmId of connectVmIds) {
      const b = el(
        "button",
        { type: "button", class: "primary" },
        connectVmIds.length > 1 ? t("Connect to {0}", vmLabel(vmId)) : t("Connect"),
      );
      b.addEventListener("click", () => this.host.post({ type: "connect", vmId }));
      buttons.append(b);
    }
    // Back to the form only on purpose: the results stay until then, so a request is not sent twice by accident.
    const back = el("button", { type: "button" }, ok < outcomes.length ? t("Change and retry") : t("New request"));
    back.addEventListener("click", () => {
      this.setPhase({ kind: "editing" });
      this.submitButton.focus();
    });
    buttons.append(back);
    const close = el("button", { type: "button" }, t("Close"));
    close.addEventListener("click", () => this.host.post({ type: "close" }));
    buttons.append(close);
    this.outcome.hidden = false;
    const parts: HTMLElement[] = [el("h2", {}, title), list];
    if (ok > 0) {
      // Keep open: the host renews the ports that opened shortly before each end, until azureJit.keepOpenMaxHours.
      const box = el("input", { type: "checkbox", id: "keep-open" }) as HTMLInputElement;
      box.addEventListener("change", () => this.host.post({ type: "keepOpen", on: box.checked }));
      parts.push(
        el(
          "div",
          { class: "keep-open" },
          box,
          el(
            "label",
            { for: "keep-open" },
            t(
              "Keep this access open while I work (renewed shortly before each end, until the limit in azureJit.keepOpenMaxHours)",
            ),
          ),
        ),
      );
    }
    this.outcome.replaceChildren(...parts, buttons);
  }

  private outcomeItem(o: PortOutcome): HTMLElement {
    const head = t("{0}, port {1}", o.vmName, o.port);
    if (o.ok) {
      const until = o.endTimeUtc !== undefined ? formatTime(o.endTimeUtc) : "?";
      const note =
        o.status === "Initiating" ? t(" (Azure is applying the rule; this usually takes under a minute)") : "";
      return el("li", { class: "ok" }, el("strong", {}, `${head}: `), t("open until {0}", until) + note);
    }
    return el(
      "li",
      { class: "failed" },
      el("strong", {}, `${head}: `),
      o.message ?? t("failed"),
      o.action ? el("span", { class: "action" }, ` ${o.action}`) : undefined,
    );
  }
}

function alias(field: FieldName): FieldName {
  return field === "vms" ? "ports" : field === "ports" ? "vms" : field;
}

function portKey(vmId: string, port: number): string {
  return `${vmId.toLowerCase()}#${port}`;
}

function push<K>(map: Map<K, string[]>, key: K, message: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(message)) list.push(message);
  map.set(key, list);
}

function fill(node: HTMLElement, messages: string[] | undefined): void {
  node.hidden = !messages?.length;
  setText(node, messages?.join(" ") ?? "");
}

/** Every specific prefix any port of the policy allows: offered as ready-made source choices. */
function policyPrefixes(policy: Policy): string[] {
  const out: string[] = [];
  for (const vm of policy.virtualMachines) {
    for (const rule of vm.ports) {
      for (const p of rule.allowedSourceAddressPrefixes) {
        if (!isAnySource(p) && !out.includes(p)) out.push(p);
      }
    }
  }
  return out;
}

function formatTime(ms: number): string {
  const lang = document.documentElement.lang || undefined;
  return new Date(ms).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
}
