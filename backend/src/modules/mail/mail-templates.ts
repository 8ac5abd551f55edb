import type { MailJob, MailTemplate } from '../../common/jobs/job.types';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface Wording {
  subject: (workspace: string) => string;
  intro: string;
  action: string;
  outro: string;
}

const WORDING: Record<MailTemplate, Wording> = {
  'verify-email': {
    subject: (workspace) => `Confirm your email address for ${workspace}`,
    intro: 'Please confirm that this is your email address by opening this link:',
    action: 'Confirm my email address',
    outro: 'The link works once, for one hour. If you did not ask for this, ignore this mail.',
  },
  'reset-password': {
    subject: (workspace) => `Reset your ${workspace} password`,
    intro: 'Someone (we hope you) asked to reset your password. Choose a new one here:',
    action: 'Choose a new password',
    outro:
      'The link works once, for one hour, and signs out every device. If you did not ask ' +
      'for this, ignore this mail: your password stays as it is.',
  },
  'export-ready': {
    subject: (workspace) => `Your ${workspace} data export is ready`,
    intro:
      'The archive of your data you asked for (profile, conversations, your messages and ' +
      'files) is ready to download:',
    action: 'Download my data',
    outro:
      'The link works for 24 hours; anyone who has it can download the archive, so keep it ' +
      'to yourself. You can also download it from the Security page while you are signed in.',
  },
};

/** The plain-text and HTML versions of an account mail; every value is escaped in the HTML. */
export function renderMail(template: MailTemplate, params: MailJob['params']): RenderedMail {
  const w = WORDING[template];
  const hello = `Hello ${params.displayName},`;
  const text = [hello, '', w.intro, params.url, '', w.outro, '', `— ${params.workspaceName}`].join(
    '\n',
  );
  const url = escapeHtml(params.url);
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(hello)}</p>`,
    `<p>${escapeHtml(w.intro)}</p>`,
    `<p><a href="${url}" style="display:inline-block;padding:8px 16px;background:#3f51b5;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(w.action)}</a></p>`,
    `<p style="font-size:small">Or copy this address: ${url}</p>`,
    `<p>${escapeHtml(w.outro)}</p>`,
    `<p>— ${escapeHtml(params.workspaceName)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: w.subject(params.workspaceName), text, html };
}
