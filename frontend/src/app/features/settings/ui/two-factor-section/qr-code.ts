/**
 * An otpauth URI as a QR code image (a data URL). The `qrcode` library is imported on demand:
 * only someone setting up two-factor downloads it.
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  // The package is CommonJS: bundled, its functions hang off the default export only.
  const { toDataURL } = (await import('qrcode')).default;
  return toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 200 });
}
