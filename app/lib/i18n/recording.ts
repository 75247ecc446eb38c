import type { UiLang } from './ui-lang';

/** Interface text of the console's recording panel (a room driven by the event's recording). `{name}` placeholders: fill(). */
export const RECORDING: Record<UiLang, Record<RecordingText, string>> = {
  en: {
    heading: 'Recording',
    intro:
      'Play the event’s recording here and the room follows it: its play, pause, seeking and speed drive every viewer’s captions. A file you choose stays in this browser; nothing is uploaded.',
    fileLabel: 'Recording file (audio or video)',
    urlLabel: 'Or a web address of the recording',
    urlUse: 'Use address',
    urlInvalid: 'Enter a web address that starts with https:// or http://.',
    detach: 'Stop following',
    detached: 'The room no longer follows the recording; it keeps its own clock.',
    delayLabel: 'Caption delay (seconds)',
    delayHint: 'Positive shows captions later than the recording, negative earlier: ±10 s in steps of 0.1 s.',
    delayEarlier: 'Captions 0.1 s earlier',
    delayLater: 'Captions 0.1 s later',
    following: 'The room follows the recording ({name}).',
    rateUnfollowable: 'Captions can follow speeds from 0.5× to 2×; at {rate} they drift from the recording.',
    sendFailed: 'The room did not take the last change ({reason}); trying again.',
    reasonOffline: 'not connected',
    reasonRejected: 'refused',
    reasonTimeout: 'no answer',
    loopOff: 'Looping is off while the room follows a recording.',
    playBlocked: 'The browser did not start the recording: press play on it.',
    errorFormat: 'This browser cannot play this recording (its format or codec is not supported).',
    errorNetwork: 'The recording could not be loaded: check the address and that its server allows it.',
    errorDecode: 'The recording is damaged or cannot be decoded.',
  },
  ru: {
    heading: 'Запись',
    intro:
      'Запустите здесь запись мероприятия, и комната последует за ней: воспроизведение, пауза, перемотка и скорость записи управляют субтитрами у всех зрителей. Выбранный файл остаётся в этом браузере и никуда не загружается.',
    fileLabel: 'Файл записи (аудио или видео)',
    urlLabel: 'Или веб-адрес записи',
    urlUse: 'Открыть адрес',
    urlInvalid: 'Введите веб-адрес, начинающийся с https:// или http://.',
    detach: 'Не следовать за записью',
    detached: 'Комната больше не следует за записью и идёт по своим часам.',
    delayLabel: 'Задержка субтитров (секунды)',
    delayHint: 'Положительная показывает субтитры позже записи, отрицательная — раньше: ±10 с с шагом 0,1 с.',
    delayEarlier: 'Субтитры на 0,1 с раньше',
    delayLater: 'Субтитры на 0,1 с позже',
    following: 'Комната следует за записью ({name}).',
    rateUnfollowable: 'Субтитры успевают за скоростью от 0,5× до 2×; на скорости {rate} они расходятся с записью.',
    sendFailed: 'Комната не приняла последнее изменение ({reason}); пробуем снова.',
    reasonOffline: 'нет соединения',
    reasonRejected: 'отказано',
    reasonTimeout: 'нет ответа',
    loopOff: 'Повтор выключен, пока комната следует за записью.',
    playBlocked: 'Браузер не запустил запись: нажмите воспроизведение на ней.',
    errorFormat: 'Этот браузер не может воспроизвести запись (формат или кодек не поддерживается).',
    errorNetwork: 'Не удалось загрузить запись: проверьте адрес и что её сервер это разрешает.',
    errorDecode: 'Запись повреждена или не декодируется.',
  },
};

type RecordingText =
  | 'heading'
  | 'intro'
  | 'fileLabel'
  | 'urlLabel'
  | 'urlUse'
  | 'urlInvalid'
  | 'detach'
  | 'detached'
  | 'delayLabel'
  | 'delayHint'
  | 'delayEarlier'
  | 'delayLater'
  | 'following'
  | 'rateUnfollowable'
  | 'sendFailed'
  | 'reasonOffline'
  | 'reasonRejected'
  | 'reasonTimeout'
  | 'loopOff'
  | 'playBlocked'
  | 'errorFormat'
  | 'errorNetwork'
  | 'errorDecode';
