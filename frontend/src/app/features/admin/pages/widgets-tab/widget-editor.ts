import {
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  OnInit,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import {
  MatChipGrid,
  MatChipInput,
  MatChipInputEvent,
  MatChipRemove,
  MatChipRow,
} from '@angular/material/chips';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { finalize, Observable } from 'rxjs';

import { BotDto, UpdateWidgetDto, WidgetDto } from '../../../../core/api/model';
import { describeApiProblem, readApiProblem } from '../../../../core/http/api-problem';
import { FormError } from '../../../../shared/ui/form-error/form-error';
import { normalizeOrigin, originProblem } from '../../data-access/widget-origins';
import { AdminWidgetsStore } from '../../data-access/widgets.store';

const MAX_NAME = 64;
const MAX_GREETING = 500;

/** Creates a widget, or edits one (`widget` set): name, bot, allowed origins, greeting, hand-off. */
@Component({
  selector: 'app-widget-editor',
  imports: [
    MatFormField,
    MatLabel,
    MatHint,
    MatInput,
    MatChipGrid,
    MatChipRow,
    MatChipRemove,
    MatChipInput,
    MatSlideToggle,
    MatButton,
    MatIcon,
    FormError,
  ],
  templateUrl: './widget-editor.html',
  styleUrl: './widget-editor.scss',
})
export class WidgetEditor implements OnInit {
  private readonly store = inject(AdminWidgetsStore);
  private readonly destroyRef = inject(DestroyRef);

  /** The widget to edit; null makes a new one. */
  readonly widget = input<WidgetDto | null>(null);
  readonly bots = input.required<readonly BotDto[]>();
  readonly saved = output<WidgetDto>();
  readonly cancelled = output<void>();

  protected readonly maxName = MAX_NAME;
  protected readonly maxGreeting = MAX_GREETING;
  protected readonly name = signal('');
  protected readonly botUsername = signal('');
  protected readonly origins = signal<readonly string[]>([]);
  protected readonly greeting = signal('');
  protected readonly handoff = signal(false);
  protected readonly originError = signal<string | null>(null);
  /** Field problems appear once someone tried to save, not while they are still typing. */
  protected readonly submitted = signal(false);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);

  protected readonly nameError = computed(() => {
    const name = this.name().trim();
    if (name.length === 0) return 'Give the widget a name.';
    return name.length > MAX_NAME ? `At most ${MAX_NAME} characters.` : null;
  });
  protected readonly originsMissing = computed(() => this.origins().length === 0);
  protected readonly greetingError = computed(() =>
    this.greeting().trim().length > MAX_GREETING ? `At most ${MAX_GREETING} characters.` : null,
  );
  protected readonly valid = computed(
    () =>
      !this.nameError() && !this.originsMissing() && !this.greetingError() && !!this.botUsername(),
  );

  ngOnInit(): void {
    const widget = this.widget();
    if (widget) {
      this.name.set(widget.name);
      this.botUsername.set(widget.botUsername);
      this.origins.set(widget.allowedOrigins);
      this.greeting.set(widget.greeting ?? '');
      this.handoff.set(widget.handoff);
    } else {
      const bots = this.bots();
      this.botUsername.set(
        bots.find((bot) => bot.username === 'sizebot')?.username ?? bots[0]?.username ?? '',
      );
    }
  }

  /** Enter, a comma or leaving the field adds what was typed, if it is an origin. */
  protected addOrigin(event: MatChipInputEvent): void {
    const text = event.value;
    if (text.trim() === '') {
      this.originError.set(null);
      return;
    }
    const problem = originProblem(text, this.origins());
    this.originError.set(problem);
    if (problem) return;
    this.origins.update((origins) => [...origins, normalizeOrigin(text)]);
    event.chipInput.clear();
  }

  protected removeOrigin(origin: string): void {
    this.origins.update((origins) => origins.filter((o) => o !== origin));
  }

  protected save(): void {
    if (this.saving()) return;
    this.submitted.set(true);
    this.saveError.set(null);
    if (!this.valid()) return;
    const greeting = this.greeting().trim();
    const widget = this.widget();
    let request: Observable<WidgetDto>;
    if (widget) {
      request = this.store.update(widget.id, this.changes(widget, greeting));
    } else {
      request = this.store.create({
        name: this.name().trim(),
        botUsername: this.botUsername(),
        allowedOrigins: [...this.origins()],
        handoff: this.handoff(),
        ...(greeting ? { greeting } : {}),
      });
    }
    this.saving.set(true);
    request
      .pipe(
        finalize(() => this.saving.set(false)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (result) => this.saved.emit(result),
        error: (error: unknown) => this.saveError.set(describeApiProblem(readApiProblem(error))),
      });
  }

  /** Only what changed, so two admins editing different fields do not undo each other. */
  private changes(widget: WidgetDto, greeting: string): UpdateWidgetDto {
    const change: UpdateWidgetDto = {};
    const name = this.name().trim();
    if (name !== widget.name) change.name = name;
    if (this.botUsername() !== widget.botUsername) change.botUsername = this.botUsername();
    const origins = this.origins();
    if (origins.join(' ') !== widget.allowedOrigins.join(' ')) change.allowedOrigins = [...origins];
    if (greeting !== (widget.greeting ?? '')) change.greeting = greeting || null;
    if (this.handoff() !== widget.handoff) change.handoff = this.handoff();
    return change;
  }
}
